package io.keyquorum.protocol;

import io.keyquorum.crypto.DomainTag;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;

/**
 * An attestation as it travels: the claimed attestor id in the clear and the signed envelope.
 * The payload bytes are exactly what the attestor signed, so a client can keep them as evidence
 * and anyone with the attestor's public key can check them later.
 */
public final class SignedAttestation {
  public static final DomainTag TAG = new DomainTag("keyquorum/attestation/v2");
  static final int MAX_BYTES = 16 * 1024;

  private final String attestorId;
  private final SignedEnvelope envelope;

  private SignedAttestation(String attestorId, SignedEnvelope envelope) {
    this.attestorId = RequestLimits.checkId("attestor id", attestorId);
    this.envelope = envelope;
  }

  public static SignedAttestation sign(Attestation attestation, Ed25519PrivateKey attestorKey) {
    return new SignedAttestation(
        attestation.attestorId(), SignedEnvelope.sign(TAG, attestation.encode(), attestorKey));
  }

  public static SignedAttestation of(String attestorId, byte[] payload, byte[] signature) {
    return new SignedAttestation(attestorId, SignedEnvelope.of(payload, signature));
  }

  public String claimedAttestorId() {
    return attestorId;
  }

  /**
   * Verifies the attestor's signature, then parses and checks that the body names the same
   * attestor.
   *
   * @throws io.keyquorum.crypto.InvalidSignatureException on a bad signature
   * @throws io.keyquorum.crypto.encoding.MalformedEncodingException on a malformed body
   */
  public Attestation verify(Ed25519PublicKey attestorKey) {
    Attestation a = Attestation.decode(envelope.open(TAG, attestorKey));
    if (!a.attestorId().equals(attestorId)) {
      throw new io.keyquorum.crypto.encoding.MalformedEncodingException(
          "attestation signed by " + a.attestorId() + " but sent as " + attestorId);
    }
    return a;
  }

  /** The exact signed bytes. */
  public byte[] payload() {
    return envelope.payload();
  }

  public byte[] signature() {
    return envelope.signature();
  }

  public byte[] encode() {
    return new CanonicalWriter().string(attestorId).bytes(envelope.encode()).toByteArray();
  }

  public static SignedAttestation decode(byte[] wire) {
    CanonicalReader r = new CanonicalReader(wire);
    String id = r.string("attestorId", RequestLimits.MAX_ID_BYTES);
    SignedEnvelope envelope = SignedEnvelope.decode(r.bytes("attestation envelope", MAX_BYTES));
    r.finish();
    try {
      return new SignedAttestation(id, envelope);
    } catch (IllegalArgumentException e) {
      throw new io.keyquorum.crypto.encoding.MalformedEncodingException("attestation: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "SignedAttestation[" + attestorId + "]";
  }
}
