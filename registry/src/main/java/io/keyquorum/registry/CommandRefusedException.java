package io.keyquorum.registry;

/**
 * A command refused before it was ordered: the replica it was submitted to would not propose or
 * vote for it, because the state machine rejects it against the current state. It never reached
 * the log, so it has no commit receipt; the rejection says why, in the state machine's words.
 */
public final class CommandRefusedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;
  private final transient Rejection rejection;

  public CommandRefusedException(Rejection rejection) {
    super("refused before ordering: " + rejection);
    this.rejection = rejection;
  }

  public Rejection rejection() {
    return rejection;
  }
}
