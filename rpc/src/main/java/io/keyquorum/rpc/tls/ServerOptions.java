package io.keyquorum.rpc.tls;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node's gRPC server listens.
 *
 * @param bindAddress where to listen; port 0 picks a free port (read it from {@link NodeServer#port()})
 * @param clientAuth mutual TLS for node-to-node ports, server-only for the client-facing port
 * @param maxInboundMessageBytes larger requests fail with RESOURCE_EXHAUSTED before they are buffered
 * @param maxConcurrentCallsPerConnection bounds the work one peer can queue on this server
 * @param callThreads size of the fixed pool that runs service code (never the network threads)
 * @param keepAliveTime how often to ping an idle connection to detect a dead peer
 * @param keepAliveTimeout how long to wait for the ping's answer before dropping the connection
 */
public record ServerOptions(
    InetSocketAddress bindAddress,
    ClientAuthMode clientAuth,
    int maxInboundMessageBytes,
    int maxConcurrentCallsPerConnection,
    int callThreads,
    Duration keepAliveTime,
    Duration keepAliveTimeout) {

  public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 4 * 1024 * 1024;

  public ServerOptions {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(clientAuth, "clientAuth");
    requirePositive(maxInboundMessageBytes, "maxInboundMessageBytes");
    requirePositive(maxConcurrentCallsPerConnection, "maxConcurrentCallsPerConnection");
    requirePositive(callThreads, "callThreads");
    requirePositive(keepAliveTime, "keepAliveTime");
    requirePositive(keepAliveTimeout, "keepAliveTimeout");
  }

  /** Defaults for a node-to-node (mutual TLS) port: 4 MiB messages, 30 s keepalive. */
  public static ServerOptions mutual(InetSocketAddress bindAddress) {
    return new ServerOptions(bindAddress, ClientAuthMode.MUTUAL,
        DEFAULT_MAX_INBOUND_MESSAGE_BYTES, 256, 8, Duration.ofSeconds(30), Duration.ofSeconds(10));
  }

  /** Defaults for a client-facing (server-authenticated TLS) port. */
  public static ServerOptions serverOnly(InetSocketAddress bindAddress) {
    return mutual(bindAddress).withClientAuth(ClientAuthMode.SERVER_ONLY);
  }

  public ServerOptions withClientAuth(ClientAuthMode mode) {
    return new ServerOptions(bindAddress, mode, maxInboundMessageBytes,
        maxConcurrentCallsPerConnection, callThreads, keepAliveTime, keepAliveTimeout);
  }

  public ServerOptions withMaxInboundMessageBytes(int bytes) {
    return new ServerOptions(bindAddress, clientAuth, bytes,
        maxConcurrentCallsPerConnection, callThreads, keepAliveTime, keepAliveTimeout);
  }

  static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
