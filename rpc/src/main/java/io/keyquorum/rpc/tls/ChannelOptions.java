package io.keyquorum.rpc.tls;

import java.time.Duration;

/**
 * How a channel to one node behaves.
 *
 * @param maxInboundMessageBytes larger responses fail with RESOURCE_EXHAUSTED
 * @param keepAliveTime how often to ping the server over an idle connection
 * @param keepAliveTimeout how long to wait for the ping's answer before reconnecting
 */
public record ChannelOptions(int maxInboundMessageBytes, Duration keepAliveTime,
    Duration keepAliveTimeout) {

  public ChannelOptions {
    ServerOptions.requirePositive(maxInboundMessageBytes, "maxInboundMessageBytes");
    ServerOptions.requirePositive(keepAliveTime, "keepAliveTime");
    ServerOptions.requirePositive(keepAliveTimeout, "keepAliveTimeout");
  }

  /**
   * 4 MiB messages; a 30 s keepalive, which servers built by {@link NodeServer} permit (their
   * floor is 10 s; a client pinging faster is disconnected with ENHANCE_YOUR_CALM).
   */
  public static ChannelOptions defaults() {
    return new ChannelOptions(ServerOptions.DEFAULT_MAX_INBOUND_MESSAGE_BYTES,
        Duration.ofSeconds(30), Duration.ofSeconds(10));
  }
}
