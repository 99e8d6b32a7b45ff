package io.keyquorum.crypto.group;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.FixedPointUtil;

/**
 * A point of the P-256 group, as used for Feldman commitments.
 *
 * <p>Guarantees: {@link #decode} accepts only the 33-byte compressed SEC1 encoding of a point on
 * the curve other than the identity (P-256 has cofactor 1, so every such point is in the
 * prime-order group); {@link #encode} is canonical, so equal points have equal bytes. Built on
 * BouncyCastle's custom secp256r1 field arithmetic, with a precomputed comb for multiples of G.
 */
public final class GroupElement {
  public static final int ENCODED_LENGTH = 33;

  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final ECCurve CURVE = P256.getCurve();
  private static final ECMultiplier FIXED_BASE = new FixedPointCombMultiplier();
  private static final GroupElement GENERATOR;

  static {
    ECPoint g = P256.getG().normalize();
    // Precompute the comb table once, so every multiplyGenerator call reuses it.
    FixedPointUtil.precompute(g);
    GENERATOR = new GroupElement(g);
  }

  private final ECPoint point;

  /**
   * Points stay in projective form: normalising costs a field inversion, which Horner-style
   * commitment checks would otherwise pay at every step. Equality and encoding normalise.
   */
  private GroupElement(ECPoint point) {
    this.point = point;
  }

  /** The base point G. */
  public static GroupElement generator() {
    return GENERATOR;
  }

  /**
   * k·G, using the precomputed fixed-base comb. BouncyCastle's comb runs a fixed schedule with
   * full-table (cache-safe) lookups, so this is the multiplication to use with secret k.
   */
  public static GroupElement multiplyGenerator(Scalar k) {
    return new GroupElement(FIXED_BASE.multiply(GENERATOR.point, k.toBigInteger()));
  }

  /**
   * Decodes a compressed SEC1 point.
   *
   * @throws IllegalArgumentException if the length is not 33, the prefix is not 02/03, the
   *     x-coordinate is not below p, or no curve point has that x
   */
  public static GroupElement decode(byte[] encoded) {
    if (encoded == null || encoded.length != ENCODED_LENGTH) {
      throw new IllegalArgumentException(
          "group element must be " + ENCODED_LENGTH + " bytes (compressed SEC1), got "
              + (encoded == null ? "null" : encoded.length));
    }
    if (encoded[0] != 0x02 && encoded[0] != 0x03) {
      throw new IllegalArgumentException(
          "group element must start with 02 or 03 (compressed SEC1), got " + String.format("%02x", encoded[0]));
    }
    ECPoint p;
    try {
      p = CURVE.decodePoint(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("group element is not a point on P-256: " + e.getMessage(), e);
    }
    if (p.isInfinity() || !p.isValid()) {
      throw new IllegalArgumentException("group element is not a valid non-identity point on P-256");
    }
    return new GroupElement(p);
  }

  public GroupElement add(GroupElement other) {
    return new GroupElement(point.add(other.point));
  }

  /** k·this; for public points and public or secret scalars (variable-base, not constant-time). */
  public GroupElement multiply(Scalar k) {
    return new GroupElement(point.multiply(k.toBigInteger()));
  }

  public boolean isIdentity() {
    return point.isInfinity();
  }

  /**
   * The 33-byte compressed SEC1 encoding.
   *
   * @throws IllegalStateException for the identity, which has no compressed encoding and never
   *     appears in valid commitments
   */
  public byte[] encode() {
    if (point.isInfinity()) {
      throw new IllegalStateException("the identity element has no compressed encoding");
    }
    return point.getEncoded(true);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupElement other && point.equals(other.point);
  }

  @Override
  public int hashCode() {
    return point.isInfinity() ? 0 : Arrays.hashCode(point.getEncoded(true));
  }

  @Override
  public String toString() {
    return point.isInfinity()
        ? "GroupElement[identity]"
        : "GroupElement[" + HexFormat.of().formatHex(point.getEncoded(true)) + "]";
  }
}
