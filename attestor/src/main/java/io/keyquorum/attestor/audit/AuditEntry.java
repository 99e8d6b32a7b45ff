package io.keyquorum.attestor.audit;

import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * One row of the hash-chained audit log. {@code hash = SHA-256(domain ‖ prev ‖ canonical row)},
 * with every field length-prefixed ({@link CanonicalWriter}), so no two different rows hash the
 * same and each row commits to every row before it.
 *
 * @param seq 1, 2, 3, ... without gaps
 * @param timeMillis when the event was recorded, by the node's clock
 * @param kind what happened: attest, release, refuse, registry, start, stop
 * @param subject what it happened to (a request digest, a registry height)
 * @param detail a JSON object with the particulars
 */
public record AuditEntry(long seq, long timeMillis, String kind, String subject, String detail, byte[] prev, byte[] hash) {
  public static final int HASH_LENGTH = 32;
  private static final String DOMAIN = "keyquorum/audit-entry/v1";

  public AuditEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(detail, "detail");
    prev = prev.clone();
    hash = hash.clone();
  }

  @Override
  public byte[] prev() {
    return prev.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  /** The hash this row must carry, given its fields and its predecessor's hash. */
  public static byte[] chainHash(byte[] prev, long seq, long timeMillis, String kind, String subject, String detail) {
    byte[] canonical = new CanonicalWriter()
        .string(DOMAIN)
        .bytes(prev)
        .u64(seq)
        .u64(timeMillis)
        .string(kind)
        .string(subject)
        .string(detail)
        .toByteArray();
    try {
      return MessageDigest.getInstance("SHA-256").digest(canonical);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The hash of the empty chain, which row 1 names as its predecessor. */
  public static byte[] genesisHash() {
    return new byte[HASH_LENGTH];
  }

  static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }

  @Override
  public String toString() {
    return "AuditEntry[" + seq + " " + kind + " " + subject + " " + new String(detail.getBytes(StandardCharsets.UTF_8),
        StandardCharsets.UTF_8) + "]";
  }
}
