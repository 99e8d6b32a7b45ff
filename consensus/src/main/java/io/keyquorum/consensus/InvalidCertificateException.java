package io.keyquorum.consensus;

/** A vote or quorum certificate that must not be used; {@link #reason()} says which check failed. */
public final class InvalidCertificateException extends SecurityException {
  private static final long serialVersionUID = 1L;

  /** Each check a certificate must pass, in the order they are applied. */
  public enum Reason {
    GENESIS_MISMATCH,
    VOTERS_NOT_ASCENDING,
    NOT_A_MEMBER,
    TOO_FEW_VOTERS,
    BAD_SIGNATURE
  }

  private final Reason reason;

  public InvalidCertificateException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
