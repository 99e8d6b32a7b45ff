package io.keyquorum.crypto.wrap;

import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.group.Scalar;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Wraps a key version's material under a key-encryption key derived from the shared scalar s.
 *
 * <p>Derivation: {@code kek = HKDF-SHA256(ikm = s (32 bytes), salt = none, info =
 * string("keyquorum/kek") ‖ string(keyId) ‖ u32(version))}, every field encoded by {@link
 * CanonicalWriter} (length-prefixed, so no two (keyId, version) pairs share an info string).
 *
 * <p>Wrapped format: {@code nonce (12 random bytes) ‖ AES-256-GCM ciphertext ‖ tag (16 bytes)},
 * with associated data {@code string(keyId) ‖ u32(version)}; its length is 29 + material length.
 *
 * <p>Guarantees: material is 1 byte to 4 KiB; a wrapped value opens only under the same s, keyId
 * and version, so it cannot be replayed onto another key or version; any failure throws {@link
 * DecryptionFailedException} with no partial plaintext; the kek is zero-filled after each use.
 * Random nonces are safe here because each (s, keyId, version) wraps one material, once.
 */
public final class KeyWrap {
  public static final int MIN_MATERIAL = 1;
  public static final int MAX_MATERIAL = 4096;
  public static final int NONCE_LENGTH = 12;
  public static final int TAG_LENGTH = 16;
  public static final int OVERHEAD = NONCE_LENGTH + TAG_LENGTH;
  public static final int MAX_KEY_ID_BYTES = 256;

  private static final int KEK_LENGTH = 32;
  private static final String KEK_LABEL = "keyquorum/kek";

  private KeyWrap() {}

  /**
   * Encrypts {@code material} for ({@code keyId}, {@code version}) under the kek derived from
   * {@code s}.
   *
   * @throws IllegalArgumentException if s is not a 32-byte scalar, the material is outside 1..4096
   *     bytes, the keyId is empty or too long, or the version is not a u32
   */
  public static byte[] wrap(
      SecretBytes s, String keyId, long version, SecretBytes material, SecureRandom random) {
    Objects.requireNonNull(material, "material");
    Objects.requireNonNull(random, "random");
    if (material.length() < MIN_MATERIAL || material.length() > MAX_MATERIAL) {
      throw new IllegalArgumentException(
          "key material must be " + MIN_MATERIAL + ".." + MAX_MATERIAL + " bytes, got " + material.length());
    }
    byte[] aad = aad(keyId, version);
    byte[] kek = deriveKek(s, keyId, version);
    byte[] plaintext = material.toByteArray(SecretAccess.INSTANCE);
    try {
      byte[] nonce = new byte[NONCE_LENGTH];
      random.nextBytes(nonce);
      byte[] sealed = AesGcm.seal(kek, nonce, aad, plaintext, TAG_LENGTH * 8);
      byte[] out = Arrays.copyOf(nonce, NONCE_LENGTH + sealed.length);
      System.arraycopy(sealed, 0, out, NONCE_LENGTH, sealed.length);
      return out;
    } finally {
      Arrays.fill(kek, (byte) 0);
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * Decrypts a value made by {@link #wrap} with the same s, keyId and version.
   *
   * @throws DecryptionFailedException if the length is impossible or the tag does not verify
   *     (wrong s, keyId or version, or tampered bytes)
   */
  public static SecretBytes unwrap(SecretBytes s, String keyId, long version, byte[] wrapped) {
    Objects.requireNonNull(wrapped, "wrapped");
    if (wrapped.length < OVERHEAD + MIN_MATERIAL || wrapped.length > OVERHEAD + MAX_MATERIAL) {
      throw new DecryptionFailedException(
          "wrapped key must be " + (OVERHEAD + MIN_MATERIAL) + ".." + (OVERHEAD + MAX_MATERIAL)
              + " bytes, got " + wrapped.length);
    }
    byte[] aad = aad(keyId, version);
    byte[] kek = deriveKek(s, keyId, version);
    try {
      byte[] nonce = Arrays.copyOf(wrapped, NONCE_LENGTH);
      byte[] body = Arrays.copyOfRange(wrapped, NONCE_LENGTH, wrapped.length);
      try {
        return SecretBytes.adopt(AesGcm.open(kek, nonce, aad, body, TAG_LENGTH * 8));
      } catch (DecryptionFailedException e) {
        throw new DecryptionFailedException(
            "wrapped key for " + keyId + " v" + version + " does not open: wrong secret, key id or version, or tampered bytes",
            e);
      }
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  /** HKDF-SHA256(s, salt = none, info = string("keyquorum/kek") ‖ string(keyId) ‖ u32(version)). */
  static byte[] deriveKek(SecretBytes s, String keyId, long version) {
    Objects.requireNonNull(s, "s");
    Scalar.fromSecret(s); // rejects anything but a 32-byte scalar below q
    byte[] info = new CanonicalWriter().string(KEK_LABEL).string(checkKeyId(keyId)).u32(version).toByteArray();
    byte[] ikm = s.toByteArray(SecretAccess.INSTANCE);
    try {
      return Hkdf.sha256(ikm, null, info, KEK_LENGTH);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  private static byte[] aad(String keyId, long version) {
    return new CanonicalWriter().string(checkKeyId(keyId)).u32(version).toByteArray();
  }

  private static String checkKeyId(String keyId) {
    if (keyId == null || keyId.isEmpty() || keyId.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_ID_BYTES) {
      throw new IllegalArgumentException("keyId must be 1.." + MAX_KEY_ID_BYTES + " UTF-8 bytes, got: " + keyId);
    }
    return keyId;
  }
}
