package io.keyquorum.registry.command;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Objects;

/**
 * The orchestrator's identity in genesis (DESIGN §6): it deals every key's shares and signs what
 * it dealt, so only this key may author {@code CreateKey} and {@code RotateKey}.
 */
public record OrchestratorInfo(String id, Ed25519PublicKey signingKey, Blob tlsFingerprint) {
  public OrchestratorInfo {
    Identifiers.requireId("orchestrator id", id);
    Objects.requireNonNull(signingKey, "orchestrator signing key");
    tlsFingerprint = Blob.bounded("orchestrator TLS fingerprint",
        Objects.requireNonNull(tlsFingerprint, "orchestrator TLS fingerprint").toByteArray(),
        AttestorInfo.FINGERPRINT_LENGTH, AttestorInfo.FINGERPRINT_LENGTH);
  }

  public void writeTo(CanonicalWriter w) {
    w.string(id);
    Fields.key(w, signingKey);
    w.fixed(tlsFingerprint.toByteArray(), AttestorInfo.FINGERPRINT_LENGTH);
  }

  static OrchestratorInfo readFrom(CanonicalReader r) {
    return new OrchestratorInfo(Fields.id(r, "orchestrator id"), Fields.key(r, "orchestrator signing key"),
        Blob.copyOf(r.fixed("orchestrator TLS fingerprint", AttestorInfo.FINGERPRINT_LENGTH)));
  }
}
