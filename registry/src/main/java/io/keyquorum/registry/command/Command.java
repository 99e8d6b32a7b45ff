package io.keyquorum.registry.command;

import io.keyquorum.crypto.encoding.CanonicalWriter;

/**
 * A registry command body: what its author signed. Every implementation is an immutable record
 * that validates its own bounds, and encodes to exactly one byte string.
 */
public sealed interface Command
    permits Genesis, RegisterClient, UpdateClient, CreateKey, ShareReceipt, UpdatePolicy, SetKeyState, RotateKey,
        AnchorAuditHead {

  CommandHeader header();

  CommandType type();

  /** Writes the canonical body (header first). */
  void writeTo(CanonicalWriter w);

  default byte[] encode() {
    CanonicalWriter w = new CanonicalWriter();
    writeTo(w);
    return w.toByteArray();
  }
}
