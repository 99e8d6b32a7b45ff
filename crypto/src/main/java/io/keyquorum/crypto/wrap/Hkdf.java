package io.keyquorum.crypto.wrap;

import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869), extract then expand. The caller owns and zero-fills the output. */
public final class Hkdf {
  public static final int HASH_LENGTH = 32;
  /** RFC 5869 §2.3: L ≤ 255·HashLen. */
  static final int MAX_OUTPUT = 255 * HASH_LENGTH;

  private Hkdf() {}

  /** {@code salt} may be null or empty, meaning HashLen zero bytes (RFC 5869 §2.2). */
  public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    Objects.requireNonNull(ikm, "ikm");
    Objects.requireNonNull(info, "info");
    if (length < 1 || length > MAX_OUTPUT) {
      throw new IllegalArgumentException("HKDF-SHA256 output must be 1.." + MAX_OUTPUT + " bytes, got " + length);
    }
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, salt == null || salt.length == 0 ? null : salt, info));
    byte[] out = new byte[length];
    hkdf.generateBytes(out, 0, length);
    return out;
  }
}
