package io.keyquorum.rpc.peer;

import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.ServerOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning for {@link PeerLinkClient}.
 *
 * @param queueCapacity messages held per peer while it is slow or unreachable; when full the
 *     oldest is dropped
 * @param maxMessageBytes larger payloads are dropped at the sender (keep it below the receivers'
 *     {@link ServerOptions#maxInboundMessageBytes()} minus a few bytes of framing)
 * @param reconnectCheckInterval while messages wait for an unreachable peer, the channel's
 *     exponential reconnect backoff is cut back to this interval
 * @param channel options of each peer's channel
 */
public record PeerLinkOptions(int queueCapacity, int maxMessageBytes,
    Duration reconnectCheckInterval, ChannelOptions channel) {

  public PeerLinkOptions {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be positive, got " + queueCapacity);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive, got " + maxMessageBytes);
    }
    if (reconnectCheckInterval == null || reconnectCheckInterval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "reconnectCheckInterval must be at least 10 ms, got " + reconnectCheckInterval);
    }
    Objects.requireNonNull(channel, "channel");
  }

  /** 4096 queued messages per peer, 4 MiB less 1 KiB per message, 1 s reconnect checks. */
  public static PeerLinkOptions defaults() {
    return new PeerLinkOptions(4096, ServerOptions.DEFAULT_MAX_INBOUND_MESSAGE_BYTES - 1024,
        Duration.ofSeconds(1), ChannelOptions.defaults());
  }

  public PeerLinkOptions withQueueCapacity(int capacity) {
    return new PeerLinkOptions(capacity, maxMessageBytes, reconnectCheckInterval, channel);
  }

  public PeerLinkOptions withMaxMessageBytes(int bytes) {
    return new PeerLinkOptions(queueCapacity, bytes, reconnectCheckInterval, channel);
  }
}
