package io.keyquorum.consensus;

import io.keyquorum.crypto.DomainTag;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.SignedEnvelope;

/**
 * Opens signed envelopes. The default is {@link SignedEnvelope#open}; the seam exists so a
 * deterministic simulation can memoise this pure function across thousands of runs (the same
 * bytes always give the same answer, so memoising never changes a result).
 */
@FunctionalInterface
public interface SignatureVerifier {
  /** Returns the body, or throws {@link io.keyquorum.crypto.InvalidSignatureException}. */
  byte[] open(SignedEnvelope envelope, DomainTag expected, Ed25519PublicKey signer);

  SignatureVerifier ED25519 = SignedEnvelope::open;
}
