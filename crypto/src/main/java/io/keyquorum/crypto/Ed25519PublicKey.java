package io.keyquorum.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 (RFC 8032) public key: 32 raw bytes, decoded once at construction.
 *
 * <p>Guarantee: {@link #verify} accepts only signatures made by the matching private key over
 * exactly the given bytes (strongly unforgeable, with canonical-S checks per RFC 8032 §5.1.7). It
 * never throws on malformed signatures; it returns false.
 */
public final class Ed25519PublicKey {
  public static final int LENGTH = 32;
  public static final int SIGNATURE_LENGTH = 64;

  private final byte[] raw;
  private final Ed25519.PublicPoint point;

  private Ed25519PublicKey(byte[] raw, Ed25519.PublicPoint point) {
    this.raw = raw;
    this.point = point;
  }

  /**
   * Decodes a raw 32-byte key.
   *
   * @throws IllegalArgumentException if the length is wrong or the bytes are not a curve point
   */
  public static Ed25519PublicKey of(byte[] raw) {
    if (raw == null || raw.length != LENGTH) {
      throw new IllegalArgumentException(
          "Ed25519 public key must be " + LENGTH + " bytes, got " + (raw == null ? "null" : raw.length));
    }
    byte[] copy = raw.clone();
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(copy, 0);
    if (point == null) {
      throw new IllegalArgumentException("Ed25519 public key is not a valid curve point");
    }
    return new Ed25519PublicKey(copy, point);
  }

  /** Returns true only for a valid signature over exactly {@code message}. */
  public boolean verify(byte[] message, byte[] signature) {
    if (message == null || signature == null || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    return Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  /** A copy of the raw 32 bytes. */
  public byte[] raw() {
    return raw.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey[" + HexFormat.of().formatHex(raw, 0, 8) + "…]";
  }
}
