package io.keyquorum.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Secret key material held in memory.
 *
 * <p>Guarantees: the bytes are copied in and out, so callers never alias the held array; {@link
 * #destroy()} zero-fills them and any later read fails; {@link #toString()} never reveals them;
 * {@link #equalsConstantTime} runs in time independent of the contents. Reading the bytes needs
 * {@link SecretAccess}, so every such read is greppable.
 */
public final class SecretBytes implements AutoCloseable {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}; the caller should zero its own array when done with it. */
  public static SecretBytes copyOf(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new SecretBytes(bytes.clone());
  }

  /** Takes ownership of {@code bytes} without copying: the caller must not keep a reference. */
  public static SecretBytes adopt(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new SecretBytes(bytes);
  }

  /** A fresh copy of the secret; the caller owns it and should zero it after use. */
  public byte[] toByteArray(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    checkLive();
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  /** Constant-time comparison of two secrets of possibly different lengths. */
  public boolean equalsConstantTime(SecretBytes other) {
    checkLive();
    other.checkLive();
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Zero-fills the secret. Idempotent. */
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
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
      throw new IllegalStateException("secret has been destroyed");
    }
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes, redacted]";
  }
}
