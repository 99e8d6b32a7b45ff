package io.keyquorum.registry;

import io.keyquorum.registry.command.CreateKey;
import io.keyquorum.registry.command.Identifiers;

/** A key's policy document at a version; version 1 arrives with {@code CreateKey}. */
public record PolicyRecord(String keyId, long version, String document, long changedAtHeight) {
  public PolicyRecord {
    Identifiers.requireId("key id", keyId);
    if (version < 1) {
      throw new IllegalArgumentException("policy version must be >= 1");
    }
    Identifiers.requireText("policy document", document, CreateKey.MAX_POLICY_BYTES);
  }
}
