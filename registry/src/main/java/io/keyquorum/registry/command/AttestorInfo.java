package io.keyquorum.registry.command;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An attestor as genesis names it: its signing key (attestations, votes, receipts), its HPKE
 * X25519 public key (shares are sealed to it), the SHA-256 fingerprint of its TLS certificate's
 * DER bytes (pinned for mutual TLS), its {@code host:port} endpoint, and labels that policies
 * see as {@code attestor.labels}.
 */
public record AttestorInfo(
    String id, Ed25519PublicKey signingKey, Blob hpkeKey, Blob tlsFingerprint, String endpoint, Map<String, String> labels) {
  public static final int HPKE_KEY_LENGTH = 32;
  public static final int FINGERPRINT_LENGTH = 32;

  public AttestorInfo {
    Identifiers.requireId("attestor id", id);
    Objects.requireNonNull(signingKey, "attestor signing key");
    hpkeKey = Blob.bounded("attestor HPKE key", Objects.requireNonNull(hpkeKey, "attestor HPKE key").toByteArray(),
        HPKE_KEY_LENGTH, HPKE_KEY_LENGTH);
    tlsFingerprint = Blob.bounded("attestor TLS fingerprint",
        Objects.requireNonNull(tlsFingerprint, "attestor TLS fingerprint").toByteArray(), FINGERPRINT_LENGTH, FINGERPRINT_LENGTH);
    Identifiers.requireEndpoint("attestor endpoint", endpoint);
    Objects.requireNonNull(labels, "attestor labels");
    if (labels.size() > Fields.MAX_LABELS) {
      throw new IllegalArgumentException("attestor labels: " + labels.size() + " entries, limit " + Fields.MAX_LABELS);
    }
    labels.forEach((k, v) -> {
      Identifiers.requireText("attestor label key", k, Fields.MAX_LABEL_BYTES);
      Identifiers.requireText("attestor label value", v, Fields.MAX_LABEL_BYTES);
    });
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  public void writeTo(CanonicalWriter w) {
    w.string(id);
    Fields.key(w, signingKey);
    w.fixed(hpkeKey.toByteArray(), HPKE_KEY_LENGTH).fixed(tlsFingerprint.toByteArray(), FINGERPRINT_LENGTH);
    w.string(endpoint).stringMap(labels);
  }

  static AttestorInfo readFrom(CanonicalReader r) {
    String id = Fields.id(r, "attestor id");
    Ed25519PublicKey key = Fields.key(r, "attestor signing key");
    Blob hpke = Blob.copyOf(r.fixed("attestor HPKE key", HPKE_KEY_LENGTH));
    Blob tls = Blob.copyOf(r.fixed("attestor TLS fingerprint", FINGERPRINT_LENGTH));
    String endpoint = r.string("attestor endpoint", 300);
    Map<String, String> labels = r.stringMap("attestor labels", Fields.MAX_LABELS, Fields.MAX_LABEL_BYTES);
    return new AttestorInfo(id, key, hpke, tls, endpoint, labels);
  }
}
