package io.keyquorum.registry;

/** Thrown inside the state machine to abandon a command; converted to a {@link Rejection}. */
final class RejectedCommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final RejectionCode code;

  RejectedCommandException(RejectionCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  Rejection toRejection() {
    return new Rejection(code, getMessage());
  }

  static void require(boolean condition, RejectionCode code, String message) {
    if (!condition) {
      throw new RejectedCommandException(code, message);
    }
  }
}
