package io.keyquorum.attestor.audit;

import io.keyquorum.crypto.DomainTag;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;

/**
 * The node's signed statement "my audit chain had {@code seq} rows ending in {@code hash}" (tag
 * {@code keyquorum/audit-head/v1}). The chain alone cannot show that rows were cut off its end;
 * a signed head can: a chain shorter than a head, or with another hash at the head's row, fails.
 */
public record AuditHead(String nodeId, long seq, byte[] hash, long signedAtMillis) {
  public static final DomainTag TAG = new DomainTag("keyquorum/audit-head/v1");

  public AuditHead {
    hash = hash.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  public SignedEnvelope sign(Ed25519PrivateKey key) {
    return SignedEnvelope.sign(TAG, new CanonicalWriter().string(nodeId).u64(seq).fixed(hash, AuditEntry.HASH_LENGTH)
        .u64(signedAtMillis).toByteArray(), key);
  }

  /** Verifies the signature, then parses. */
  public static AuditHead open(SignedEnvelope envelope, Ed25519PublicKey key) {
    return parse(envelope.open(TAG, key));
  }

  /** Parses without verifying: only for showing what an unverifiable head claims. */
  public static AuditHead parseUnverified(SignedEnvelope envelope) {
    byte[] payload = envelope.payload();
    int skip = Math.min(1 + TAG.value().length(), payload.length); // the tag's length byte and ASCII
    return parse(java.util.Arrays.copyOfRange(payload, skip, payload.length));
  }

  private static AuditHead parse(byte[] body) {
    CanonicalReader r = new CanonicalReader(body);
    AuditHead head = new AuditHead(r.string("node id", 256), r.u64("seq"), r.fixed("hash", AuditEntry.HASH_LENGTH),
        r.u64("signed at"));
    r.finish();
    return head;
  }
}
