package io.keyquorum.registry.command;

/**
 * The lifecycle state of a key. Only {@link #ENABLED} serves requests. The legal transitions are
 * the table in {@code io.keyquorum.registry.KeyStateTransitions}.
 */
public enum KeyState {
  /** Dealt, waiting for every attestor of version 1 to acknowledge its share. */
  PENDING_ACKS(1),
  ENABLED(2),
  DISABLED(3),
  /** Scheduled for destruction at a date; can be cancelled back to the state it came from. */
  PENDING_DELETION(4),
  /** Terminal: shares and material must be erased by every node. */
  DESTROYED(5),
  /** An attestor complained that its version-1 share fails Feldman verification. */
  FAILED(6);

  private final int code;

  KeyState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static KeyState fromCode(int code) {
    for (KeyState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new io.keyquorum.crypto.encoding.MalformedEncodingException("key state: unknown code " + code);
  }
}
