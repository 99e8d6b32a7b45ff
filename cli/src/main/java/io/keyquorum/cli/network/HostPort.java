package io.keyquorum.cli.network;

import java.util.Arrays;
import java.util.List;

/** A {@code host:port} endpoint as given on the command line; the port is 1..65535. */
public record HostPort(String host, int port) {
  public HostPort {
    if (host == null || host.isBlank() || host.contains(",")) {
      throw new IllegalArgumentException("endpoint needs a host, got '" + host + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port + " for " + host);
    }
  }

  public static HostPort parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("endpoint must be host:port, got '" + text + "'");
    }
    try {
      return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint must be host:port, got '" + text + "'", e);
    }
  }

  public static List<HostPort> parseList(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).map(HostPort::parse).toList();
  }

  /**
   * The attestor's consensus (PeerLink) endpoint: its gRPC port + {@value NetworkLayout#CONSENSUS_PORT_OFFSET},
   * a fixed rule so operators can derive firewall rules from the gRPC port alone.
   */
  public HostPort consensus() {
    return new HostPort(host, port + NetworkLayout.CONSENSUS_PORT_OFFSET);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
