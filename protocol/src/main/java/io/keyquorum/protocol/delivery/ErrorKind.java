package io.keyquorum.protocol.delivery;

import java.util.Locale;

/**
 * Why a key operation failed, as orchestrator and client agree on it. Wire names are lower-case
 * with dashes ({@code insufficient-attestations}).
 */
public enum ErrorKind {
  NOT_FOUND,
  DISABLED,
  PENDING_DELETION,
  ACCESS_DENIED,
  INSUFFICIENT_ATTESTATIONS,
  INVALID_CIPHERTEXT,
  BAD_REQUEST,
  UNAVAILABLE,
  /** A share failed verification and no replacement could be had. */
  INVALID_SHARE,
  /** The registry refused a relayed or dealt command. */
  REJECTED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ErrorKind fromWire(String name) {
    for (ErrorKind k : values()) {
      if (k.wireName().equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown error kind \"" + name + "\"");
  }
}
