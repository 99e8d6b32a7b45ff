package io.keyquorum.registry.command;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Objects;

/**
 * An attestor's statement "my audit chain had {@code auditSeq} rows ending in {@code auditHash}",
 * committed to the registry so that every replica holds a copy its own disk cannot lose.
 *
 * <p>Why it exists: an attestor's audit rows and its signed heads live in one file, so whoever
 * can edit that file can cut both back together and leave a shorter chain that still verifies.
 * Once a head is anchored here, {@code kq audit verify} compares the chain against the network's
 * copy, and a chain that no longer reaches the anchored row with the anchored hash fails.
 *
 * <p>The author is the attestor whose chain it is (the header's author); the signature is made
 * under this command type's own tag, {@code keyquorum/registry/anchor-audit-head/v1}, so neither an
 * audit-head signature nor any other registry command can be replayed as an anchor.
 */
public record AnchorAuditHead(CommandHeader header, long auditSeq, Blob auditHash) implements Command {
  public static final int HASH_LENGTH = 32;

  public AnchorAuditHead {
    Objects.requireNonNull(header, "header");
    if (auditSeq < 1) {
      throw new IllegalArgumentException("audit seq must be >= 1, got " + auditSeq);
    }
    Objects.requireNonNull(auditHash, "audit hash");
    if (auditHash.length() != HASH_LENGTH) {
      throw new IllegalArgumentException("audit hash must be " + HASH_LENGTH + " bytes, got " + auditHash.length());
    }
  }

  @Override
  public CommandType type() {
    return CommandType.ANCHOR_AUDIT_HEAD;
  }

  @Override
  public void writeTo(CanonicalWriter w) {
    header.writeTo(w);
    w.u64(auditSeq).fixed(auditHash.toByteArray(), HASH_LENGTH);
  }

  static AnchorAuditHead readFrom(CanonicalReader r) {
    return new AnchorAuditHead(CommandHeader.readFrom(r), r.u64("audit seq"),
        Blob.copyOf(r.fixed("audit hash", HASH_LENGTH)));
  }
}
