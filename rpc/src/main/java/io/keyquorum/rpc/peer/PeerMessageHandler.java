package io.keyquorum.rpc.peer;

/**
 * Receives opaque messages pushed by other nodes.
 *
 * <p>Called on a server call thread, in arrival order per sender. Implementations should hand the
 * message to their own queue and return quickly: a slow handler stalls that sender's stream
 * (gRPC flow control then makes the sender's bounded outbound queue drop old messages).
 */
@FunctionalInterface
public interface PeerMessageHandler {
  /**
   * @param fromNodeId the sender, as proven by its mTLS certificate (never read from the payload)
   * @param payload the exact bytes the sender passed to {@link PeerLinkClient#send}
   */
  void onMessage(String fromNodeId, byte[] payload);
}
