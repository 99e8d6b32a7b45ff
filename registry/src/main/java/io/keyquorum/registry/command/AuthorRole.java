package io.keyquorum.registry.command;

/** Who may author a command type: the governance rule every replica applies before parsing. */
public enum AuthorRole {
  /** The founding admin key every replica is configured with out of band (only for Genesis). */
  GENESIS_AUTHORITY,
  /** An admin named in genesis. */
  ADMIN,
  /** The orchestrator named in genesis: the only party that deals keys. */
  ORCHESTRATOR,
  /** An attestor named in genesis, speaking only for itself. */
  ATTESTOR
}
