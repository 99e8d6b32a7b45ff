package io.keyquorum.crypto.hpke;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * An X25519 private key that opens HPKE messages sealed to its {@link #publicKey()}.
 *
 * <p>Guarantees: the 32 raw bytes are held privately, read only through {@link SecretAccess},
 * zero-filled by {@link #destroy()} (after which every use fails), and never shown by {@link
 * #toString()}. Limit: BouncyCastle copies the key into its own parameter objects for each open;
 * those copies are short-lived but cannot be zero-filled.
 */
public final class HpkePrivateKey implements AutoCloseable {
  public static final int LENGTH = 32;

  private final byte[] raw;
  private final HpkePublicKey publicKey;
  private volatile boolean destroyed;

  private HpkePrivateKey(byte[] raw) {
    this.raw = raw;
    this.publicKey = HpkePublicKey.of(new X25519PrivateKeyParameters(raw).generatePublicKey().getEncoded());
  }

  /** Draws a fresh key from {@code random}. */
  public static HpkePrivateKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return new HpkePrivateKey(new X25519PrivateKeyParameters(random).getEncoded());
  }

  /** Rebuilds a key from its raw 32 bytes (RFC 7748 scalar); the bytes are copied. */
  public static HpkePrivateKey fromRaw(SecretBytes raw) {
    if (raw.length() != LENGTH) {
      throw new IllegalArgumentException("X25519 private key must be " + LENGTH + " bytes, got " + raw.length());
    }
    return new HpkePrivateKey(raw.toByteArray(SecretAccess.INSTANCE));
  }

  /** RFC 9180 §7.1.3 DeriveKeyPair(ikm) for DHKEM(X25519, HKDF-SHA256). */
  public static HpkePrivateKey derive(SecretBytes ikm) {
    byte[] seed = ikm.toByteArray(SecretAccess.INSTANCE);
    try {
      AsymmetricCipherKeyPair pair = Hpke.suite().deriveKeyPair(seed);
      return new HpkePrivateKey(((X25519PrivateKeyParameters) pair.getPrivate()).getEncoded());
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  public HpkePublicKey publicKey() {
    return publicKey;
  }

  /** The raw 32 bytes, for sealing at rest. */
  public SecretBytes raw(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    checkLive();
    return SecretBytes.copyOf(raw);
  }

  /** A BouncyCastle key pair for one operation. */
  AsymmetricCipherKeyPair keyPair() {
    checkLive();
    return new AsymmetricCipherKeyPair(
        new X25519PublicKeyParameters(publicKey.raw()), new X25519PrivateKeyParameters(raw));
  }

  public void destroy() {
    Arrays.fill(raw, (byte) 0);
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
      throw new IllegalStateException("HPKE private key has been destroyed");
    }
  }

  @Override
  public String toString() {
    return "HpkePrivateKey[public=" + publicKey + "]";
  }
}
