package io.keyquorum.registry.command;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Objects;

/**
 * Replaces a key's policy document (admins only). Optimistic concurrency: applies only if the
 * key's current policy version equals {@code expectedVersion}; the new version is that + 1, so
 * two admins editing at once cannot silently overwrite each other.
 */
public record UpdatePolicy(CommandHeader header, String keyId, long expectedVersion, String document)
    implements Command {
  public UpdatePolicy {
    Objects.requireNonNull(header, "header");
    Identifiers.requireId("key id", keyId);
    if (expectedVersion < 1) {
      throw new IllegalArgumentException("expected policy version must be >= 1, got " + expectedVersion);
    }
    Identifiers.requireText("policy document", document, CreateKey.MAX_POLICY_BYTES);
  }

  @Override
  public CommandType type() {
    return CommandType.UPDATE_POLICY;
  }

  @Override
  public void writeTo(CanonicalWriter w) {
    header.writeTo(w);
    w.string(keyId).u64(expectedVersion).string(document);
  }

  static UpdatePolicy readFrom(CanonicalReader r) {
    return new UpdatePolicy(CommandHeader.readFrom(r), Fields.id(r, "key id"), r.u64("expected policy version"),
        r.string("policy document", CreateKey.MAX_POLICY_BYTES));
  }
}
