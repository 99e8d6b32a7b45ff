package io.keyquorum.crypto;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Signed bytes that travel as exactly the bytes that were signed ("sign bytes, ship bytes").
 *
 * <p>The payload is {@code tag-prefix ‖ body}. Guarantee: {@link #open} returns the body only
 * after the signature over the whole payload has verified and the payload's tag equals the
 * expected one; nothing is parsed before that. A payload signed under one {@link DomainTag} never
 * opens under another.
 */
public final class SignedEnvelope {
  /** Upper bound on an envelope's payload, so a hostile length cannot force a huge allocation. */
  public static final int MAX_PAYLOAD = 1 << 20;

  private final byte[] payload;
  private final byte[] signature;

  private SignedEnvelope(byte[] payload, byte[] signature) {
    this.payload = payload;
    this.signature = signature;
  }

  /** Signs {@code tag ‖ body} with {@code key}. */
  public static SignedEnvelope sign(DomainTag tag, byte[] body, Ed25519PrivateKey key) {
    byte[] payload = payloadFor(tag, body);
    return new SignedEnvelope(payload, key.sign(payload));
  }

  /**
   * The exact bytes a signature over {@code body} under {@code tag} covers. For structures that
   * ship many signatures over one payload (a quorum certificate's votes) and rebuild it rather
   * than ship it once per signer.
   */
  public static byte[] payloadFor(DomainTag tag, byte[] body) {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(body, "body");
    byte[] prefix = tag.prefix();
    byte[] payload = Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, payload, prefix.length, body.length);
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
    }
    return payload;
  }

  /** Wraps received payload and signature bytes; nothing is checked until {@link #open}. */
  public static SignedEnvelope of(byte[] payload, byte[] signature) {
    if (payload == null || payload.length > MAX_PAYLOAD) {
      throw new MalformedEncodingException("envelope payload missing or over " + MAX_PAYLOAD + " bytes");
    }
    if (signature == null || signature.length != Ed25519PublicKey.SIGNATURE_LENGTH) {
      throw new MalformedEncodingException("envelope signature must be " + Ed25519PublicKey.SIGNATURE_LENGTH + " bytes");
    }
    return new SignedEnvelope(payload.clone(), signature.clone());
  }

  /**
   * Verifies the signature, then the tag, and only then returns the body.
   *
   * @throws InvalidSignatureException if the signature does not verify under {@code signer} or
   *     the payload carries another domain's tag
   */
  public byte[] open(DomainTag expected, Ed25519PublicKey signer) {
    if (!signer.verify(payload, signature)) {
      throw new InvalidSignatureException("signature does not verify for " + expected.value());
    }
    byte[] prefix = expected.prefix();
    if (payload.length < prefix.length
        || !Arrays.equals(payload, 0, prefix.length, prefix, 0, prefix.length)) {
      throw new InvalidSignatureException("payload is not tagged " + expected.value());
    }
    return Arrays.copyOfRange(payload, prefix.length, payload.length);
  }

  /**
   * Opens a genesis payload that a pinned hash vouches for instead of a key: the bytes are
   * authentic because they hash to what the holder pinned out of band, so the signature (made by
   * a key the holder does not know yet) is not needed. Checks the hash, then the tag, and only
   * then returns the body.
   *
   * @throws InvalidSignatureException if the payload does not hash to {@code pinned} or carries
   *     another domain's tag
   */
  public byte[] openPinned(DomainTag expected, GenesisHash pinned) {
    if (pinned.isNone() || !GenesisHash.ofPayload(payload).equals(pinned)) {
      throw new InvalidSignatureException("payload does not hash to the pinned genesis hash " + pinned);
    }
    byte[] prefix = expected.prefix();
    if (payload.length < prefix.length
        || !Arrays.equals(payload, 0, prefix.length, prefix, 0, prefix.length)) {
      throw new InvalidSignatureException("payload is not tagged " + expected.value());
    }
    return Arrays.copyOfRange(payload, prefix.length, payload.length);
  }

  /** The exact signed bytes, tag included. */
  public byte[] payload() {
    return payload.clone();
  }

  public byte[] signature() {
    return signature.clone();
  }

  /** Wire form: length-prefixed payload, then the 64-byte signature. */
  public byte[] encode() {
    return new CanonicalWriter().bytes(payload).fixed(signature, Ed25519PublicKey.SIGNATURE_LENGTH).toByteArray();
  }

  public static SignedEnvelope decode(byte[] wire) {
    CanonicalReader r = new CanonicalReader(wire);
    byte[] payload = r.bytes("envelope payload", MAX_PAYLOAD);
    byte[] signature = r.fixed("envelope signature", Ed25519PublicKey.SIGNATURE_LENGTH);
    r.finish();
    return new SignedEnvelope(payload, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedEnvelope other
        && Arrays.equals(payload, other.payload)
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(payload) + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedEnvelope[" + payload.length + " payload bytes]";
  }
}
