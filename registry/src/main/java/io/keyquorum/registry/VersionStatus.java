package io.keyquorum.registry;

/** The lifecycle of one key version; only ACTIVE versions may be used. */
public enum VersionStatus {
  /** Dealt; waiting for every attestor in the set to ack. */
  PENDING,
  /** Every attestor acked: usable for decrypt, and for encrypt if it is the current version. */
  ACTIVE,
  /** An attestor complained that its share fails Feldman verification; never usable. */
  FAILED
}
