package io.keyquorum.attestor;

import java.util.Objects;

/** A request this attestor will not answer with a signed statement; the message names the cause. */
public final class RefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Refusal reason;

  public RefusedException(Refusal reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Refusal reason() {
    return reason;
  }
}
