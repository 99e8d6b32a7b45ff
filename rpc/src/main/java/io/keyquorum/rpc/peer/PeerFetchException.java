package io.keyquorum.rpc.peer;

/** A catch-up fetch from one peer failed; the message names the peer and the cause. */
public final class PeerFetchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String peerNodeId;
  private final String code;

  public PeerFetchException(String peerNodeId, String code, String detail) {
    super("fetch from " + peerNodeId + " failed: " + code + (detail == null ? "" : " (" + detail + ")"));
    this.peerNodeId = peerNodeId;
    this.code = code;
  }

  public String peerNodeId() {
    return peerNodeId;
  }

  /** The gRPC status code name, e.g. UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED. */
  public String code() {
    return code;
  }
}
