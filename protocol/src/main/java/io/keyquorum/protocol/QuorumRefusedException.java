package io.keyquorum.protocol;

/** A quorum certificate that does not authorise a release; the message names the fault. */
public final class QuorumRefusedException extends SecurityException {
  private static final long serialVersionUID = 1L;

  public QuorumRefusedException(String message) {
    super(message);
  }
}
