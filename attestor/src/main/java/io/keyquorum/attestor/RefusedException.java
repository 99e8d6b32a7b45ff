package io.keyquorum.attestor;

import java.util.Objects;
import java.util.Optional;

/**
 * A request this attestor will not answer with a signed statement; the message names the cause.
 * A refused quorum certificate also carries {@link #quorumFault()}, what was wrong with it, as a
 * stable label for metrics.
 */
public final class RefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Refusal reason;
  private final String quorumFault;

  public RefusedException(Refusal reason, String message) {
    this(reason, message, null);
  }

  public RefusedException(Refusal reason, String message, String quorumFault) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.quorumFault = quorumFault;
  }

  public Refusal reason() {
    return reason;
  }

  /** For QUORUM_REFUSED: the certificate's fault, e.g. {@code wrong-request} or {@code denies}. */
  public Optional<String> quorumFault() {
    return Optional.ofNullable(quorumFault);
  }
}
