package io.keyquorum.crypto.shamir;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.group.Scalar;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Shamir share (i, f(i)) of a secret, over the P-256 scalar field.
 *
 * <p>Guarantees: the index is in 1..255, never 0, because f(0) is the secret itself (indices are
 * far below q, so "0 mod q" means exactly 0); the value is
 * held in a private array that {@link #destroy()} zero-fills, is read only through {@link
 * SecretAccess}, and never appears in {@link #toString()}.
 */
public final class Share implements AutoCloseable {
  /** Encoded form: u8 index ‖ 32-byte big-endian value. */
  public static final int ENCODED_LENGTH = 1 + Scalar.LENGTH;

  private final int index;
  private final byte[] value;
  private volatile boolean destroyed;

  private Share(int index, byte[] value) {
    this.index = checkIndex(index);
    this.value = value;
  }

  /** A share with index {@code index} and value {@code value}. */
  public static Share of(int index, Scalar value) {
    Objects.requireNonNull(value, "value");
    return new Share(index, value.encode());
  }

  /**
   * Decodes the {@link #encode} form.
   *
   * @throws IllegalArgumentException if the length, index or value is out of range
   */
  public static Share decode(SecretBytes encoded) {
    byte[] raw = encoded.toByteArray(SecretAccess.INSTANCE);
    try {
      CanonicalReader r = new CanonicalReader(raw);
      int index = r.u8("share index");
      byte[] v = r.fixed("share value", Scalar.LENGTH);
      r.finish();
      Scalar.decode(v); // rejects values ≥ q
      return new Share(index, v);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  static int checkIndex(int index) {
    if (index == 0) {
      // f(0) = a_0 is the secret: a "share" at index 0 would hand out the secret itself.
      throw new IllegalArgumentException("share index 0 is not allowed: f(0) is the secret itself");
    }
    if (index < 0 || index > Threshold.MAX_SHARES) {
      throw new IllegalArgumentException("share index must be in 1.." + Threshold.MAX_SHARES + ", got " + index);
    }
    return index;
  }

  public int index() {
    return index;
  }

  /** The share value f(i) as a scalar. */
  public Scalar value(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    checkLive();
    return Scalar.decode(value);
  }

  /** {@code u8 index ‖ value}, in a destroyable holder, for sealing to a recipient or at rest. */
  public SecretBytes encode(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    checkLive();
    // Written by hand rather than through CanonicalWriter, whose growable buffer would leave an
    // unzeroed copy of the share value behind on the heap.
    byte[] out = new byte[ENCODED_LENGTH];
    out[0] = (byte) index;
    System.arraycopy(value, 0, out, 1, Scalar.LENGTH);
    return SecretBytes.adopt(out);
  }

  /** Zero-fills the value. Idempotent. */
  public void destroy() {
    Arrays.fill(value, (byte) 0);
    destroyed = true;
  }

  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public void close() {
    destroy();
  }

  private void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("share " + index + " has been destroyed");
    }
  }

  @Override
  public String toString() {
    return "Share[index=" + index + ", value redacted]";
  }
}
