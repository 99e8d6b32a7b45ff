package io.keyquorum.crypto.group;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * An integer modulo q, the order of the P-256 group: the field that Shamir shares live in.
 *
 * <p>Guarantees: every instance is fully reduced into [0, q); the encoding is exactly 32 bytes
 * big-endian and {@link #decode} rejects anything else, including values ≥ q, so each scalar has
 * exactly one encoding; {@link #random} is uniform (rejection sampling, no modular bias); {@link
 * #toString()} never shows the value, because a scalar may be a share or a secret; {@link
 * #equals} compares encodings in constant time.
 *
 * <p>Limit: arithmetic runs on {@link BigInteger}, which the JVM cannot zero-fill and whose
 * operations are not constant-time. Secrets therefore rest in {@link SecretBytes} and become
 * scalars only for the duration of a computation.
 */
public final class Scalar {
  /** The P-256 group order q (SEC 2 §2.4.2). */
  public static final BigInteger ORDER =
      new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
  public static final int LENGTH = 32;

  public static final Scalar ZERO = new Scalar(BigInteger.ZERO);
  public static final Scalar ONE = new Scalar(BigInteger.ONE);

  private final BigInteger value;

  private Scalar(BigInteger value) {
    this.value = value;
  }

  /** The scalar {@code value mod q}; for small public values such as share indices. */
  public static Scalar of(long value) {
    return new Scalar(BigInteger.valueOf(value).mod(ORDER));
  }

  /**
   * Decodes a 32-byte big-endian scalar.
   *
   * @throws IllegalArgumentException if the length is not 32 or the value is not below q (a
   *     non-reduced value would give one scalar two encodings)
   */
  public static Scalar decode(byte[] encoded) {
    if (encoded == null || encoded.length != LENGTH) {
      throw new IllegalArgumentException(
          "scalar must be " + LENGTH + " bytes, got " + (encoded == null ? "null" : encoded.length));
    }
    BigInteger v = new BigInteger(1, encoded);
    if (v.compareTo(ORDER) >= 0) {
      throw new IllegalArgumentException("scalar is not below the P-256 group order");
    }
    return new Scalar(v);
  }

  /** Decodes a secret scalar held in {@code secret}; the temporary copy is zero-filled. */
  public static Scalar fromSecret(SecretBytes secret) {
    byte[] raw = secret.toByteArray(SecretAccess.INSTANCE);
    try {
      return decode(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * A uniformly random scalar in [0, q). Draws 256 bits and retries when the value is ≥ q
   * (probability about 2^-32), so that no value is more likely than another; reducing mod q
   * instead would bias the low values.
   */
  public static Scalar random(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] buf = new byte[LENGTH];
    try {
      while (true) {
        random.nextBytes(buf);
        BigInteger v = new BigInteger(1, buf);
        if (v.compareTo(ORDER) < 0) {
          return new Scalar(v);
        }
      }
    } finally {
      Arrays.fill(buf, (byte) 0);
    }
  }

  /** A uniformly random scalar in [1, q), for secrets whose commitment must not be the identity. */
  public static Scalar randomNonZero(SecureRandom random) {
    while (true) {
      Scalar s = random(random);
      if (!s.isZero()) {
        return s;
      }
    }
  }

  public Scalar add(Scalar other) {
    return new Scalar(value.add(other.value).mod(ORDER));
  }

  public Scalar subtract(Scalar other) {
    return new Scalar(value.subtract(other.value).mod(ORDER));
  }

  public Scalar multiply(Scalar other) {
    return new Scalar(value.multiply(other.value).mod(ORDER));
  }

  public Scalar negate() {
    return new Scalar(value.negate().mod(ORDER));
  }

  /**
   * The multiplicative inverse mod q.
   *
   * @throws ArithmeticException for zero, which has none
   */
  public Scalar inverse() {
    if (isZero()) {
      throw new ArithmeticException("zero has no inverse mod q");
    }
    return new Scalar(value.modInverse(ORDER));
  }

  public boolean isZero() {
    return value.signum() == 0;
  }

  /** The 32-byte big-endian encoding. If the scalar is secret, the caller zero-fills the array. */
  public byte[] encode() {
    byte[] out = new byte[LENGTH];
    byte[] mag = value.toByteArray();
    // toByteArray may carry a leading sign byte, or be shorter than 32 bytes.
    int copy = Math.min(mag.length, LENGTH);
    System.arraycopy(mag, mag.length - copy, out, LENGTH - copy, copy);
    Arrays.fill(mag, (byte) 0);
    return out;
  }

  /** The encoding, moved into a destroyable holder. */
  public SecretBytes toSecretBytes() {
    return SecretBytes.adopt(encode());
  }

  BigInteger toBigInteger() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Scalar other)) {
      return false;
    }
    byte[] a = encode();
    byte[] b = other.encode();
    boolean same = MessageDigest.isEqual(a, b);
    Arrays.fill(a, (byte) 0);
    Arrays.fill(b, (byte) 0);
    return same;
  }

  /** Constant: a hash of a secret scalar would leak bits of it. Scalars are not map keys. */
  @Override
  public int hashCode() {
    return 0x5ca1a7;
  }

  @Override
  public String toString() {
    return "Scalar[redacted]";
  }
}
