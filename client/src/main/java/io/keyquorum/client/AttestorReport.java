package io.keyquorum.client;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.SignedAttestation;
import java.util.Optional;

/**
 * One attestor's part in a request: {@code allowed}, {@code denied}, {@code unreachable},
 * {@code refused} (it answered with a refusal such as a replay or stale request, and signed
 * nothing), {@code invalid}, {@code bad-share} or {@code pending}, why, and its signed attestation when it
 * made one. A signed denial verifies with {@link #verify} against the attestor's key, so it can
 * be kept and shown to a third party.
 */
public record AttestorReport(String attestorId, String status, String reason, Optional<SignedAttestation> signed) {
  public Attestation verify(Ed25519PublicKey attestorKey) {
    return signed.orElseThrow(() -> new IllegalStateException(attestorId + " made no signed statement"))
        .verify(attestorKey);
  }

  @Override
  public String toString() {
    return attestorId + " " + status + (reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
