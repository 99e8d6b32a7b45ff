package io.keyquorum.rpc.peer;

/**
 * Answers another node's catch-up request (for example: certified blocks from a height).
 *
 * <p>Throw {@link IllegalArgumentException} for a malformed request: the caller then sees
 * INVALID_ARGUMENT with the message. Any other exception becomes INTERNAL without details.
 */
@FunctionalInterface
public interface PeerFetchHandler {
  /**
   * @param fromNodeId the requester, as proven by its mTLS certificate
   * @param request opaque request bytes
   * @return opaque response bytes
   */
  byte[] fetch(String fromNodeId, byte[] request);
}
