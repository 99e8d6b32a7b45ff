package io.keyquorum.registry;

/** Machine-readable reasons a committed command did not change the registry. */
public enum RejectionCode {
  MALFORMED,
  BAD_SIGNATURE,
  UNAUTHORIZED,
  GENESIS_REQUIRED,
  GENESIS_ALREADY_DONE,
  WRONG_NETWORK,
  REPLAYED_SEQUENCE,
  UNKNOWN_CLIENT,
  CLIENT_EXISTS,
  CLIENT_REQUEST_INVALID,
  CLIENT_NOT_AUTHORIZED,
  CLIENT_REQUEST_MISMATCH,
  UNKNOWN_ATTESTOR,
  UNKNOWN_KEY,
  UNKNOWN_VERSION,
  DUPLICATE_KEY_ID,
  DUPLICATE_ALIAS,
  VERSION_CONFLICT,
  ROTATION_PENDING,
  NOT_A_MEMBER,
  DUPLICATE_RECEIPT,
  VERSION_NOT_PENDING,
  KEY_DESTROYED,
  ILLEGAL_TRANSITION,
  DELETION_NOT_DUE,
  DELETION_TOO_SOON,
  /** An audit anchor that does not move past the author's latest anchored row. */
  ANCHOR_NOT_ADVANCING,
  /** A deal's threshold is outside f+1 ≤ t ≤ n. */
  THRESHOLD_OUT_OF_BOUNDS,
  /** A key id or alias contains '/' or ':' (separators in ARNs). */
  INVALID_KEY_NAME
}
