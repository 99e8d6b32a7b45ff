package io.keyquorum.protocol.blob;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.wrap.Hkdf;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.RequestLimits;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens {@link CiphertextBlob}s under a key version's material.
 *
 * <p>Guarantees: every v2 blob has its own AES-256-GCM key, HKDF-SHA256(ikm = material, salt = 32
 * random bytes stored in the blob, info = string("keyquorum/blob/v2") ‖ string(keyId) ‖
 * u32(version)), used for that one message with an all-zero nonce, so a key version can seal any
 * number of blobs without the 2³² random-nonce limit of one long-lived GCM key (NIST SP 800-38D
 * §8.3), and a salt collision (2⁻¹²⁸ at 2⁶⁴ blobs) is what it would take to reuse a key. The AAD is
 * the blob header (which records the delivery mode) ‖ the canonical encryption context, so a blob
 * opens only with the same key, version and context, and any flipped byte fails; keys are
 * zero-filled after each use. v1 blobs (one HKDF key per version, random 96-bit nonces) still open.
 */
public final class BlobCipher {
  static final String INFO_LABEL = "keyquorum/blob/v2";
  static final String V1_INFO_LABEL = "keyquorum/blob/v1";
  private static final byte[] ZERO_NONCE = new byte[12];

  private BlobCipher() {}

  /** Seals {@code plaintext} as a v2 blob recording {@code delivery}. */
  public static CiphertextBlob seal(SecretBytes material, String keyId, long keyVersion, DeliveryMode delivery,
      Map<String, String> context, SecretBytes plaintext, SecureRandom random) {
    if (plaintext.length() > CiphertextBlob.MAX_PLAINTEXT) {
      throw new IllegalArgumentException(
          "plaintext of " + plaintext.length() + " bytes exceeds " + CiphertextBlob.MAX_PLAINTEXT);
    }
    byte[] salt = new byte[CiphertextBlob.SALT_LENGTH];
    random.nextBytes(salt);
    // A placeholder ciphertext gives the header; the header does not depend on the ciphertext.
    byte[] header = CiphertextBlob.v2(keyId, keyVersion, delivery, salt, new byte[CiphertextBlob.TAG_LENGTH]).header();
    byte[] key = blobKey(material, salt, keyId, keyVersion);
    byte[] pt = plaintext.toByteArray(SecretAccess.INSTANCE);
    try {
      Cipher gcm = cipher(Cipher.ENCRYPT_MODE, key, ZERO_NONCE, aad(header, context));
      return CiphertextBlob.v2(keyId, keyVersion, delivery, salt, gcm.doFinal(pt));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM failed to encrypt", e);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(pt, (byte) 0);
    }
  }

  /**
   * Opens {@code blob} (v2 or v1) with the material of the key version it names.
   *
   * @throws InvalidCiphertextException if the tag fails: another key, version or context, or a
   *     tampered blob
   */
  public static SecretBytes open(SecretBytes material, CiphertextBlob blob, Map<String, String> context) {
    boolean v1 = blob.formatVersion() == CiphertextBlob.V1;
    byte[] key = v1 ? v1BlobKey(material, blob.keyId(), blob.keyVersion())
        : blobKey(material, blob.salt(), blob.keyId(), blob.keyVersion());
    try {
      Cipher gcm = cipher(Cipher.DECRYPT_MODE, key, v1 ? blob.salt() : ZERO_NONCE, aad(blob.header(), context));
      return SecretBytes.adopt(gcm.doFinal(blob.ciphertext()));
    } catch (AEADBadTagException e) {
      throw new InvalidCiphertextException("ciphertext blob for " + blob.keyId() + " v" + blob.keyVersion()
          + " does not open: wrong key material or encryption context, or tampered bytes", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM failed to decrypt", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The canonical encoding of an encryption context: a count-prefixed string map in UTF-8 key order. */
  public static byte[] canonicalContext(Map<String, String> context) {
    return new CanonicalWriter().stringMap(RequestLimits.checkContext(context)).toByteArray();
  }

  /** v2: this blob's own key, from its salt. */
  static byte[] blobKey(SecretBytes material, byte[] salt, String keyId, long keyVersion) {
    byte[] info = new CanonicalWriter().string(INFO_LABEL).string(keyId).u32(keyVersion).toByteArray();
    byte[] ikm = material.toByteArray(SecretAccess.INSTANCE);
    try {
      return Hkdf.sha256(ikm, salt, info, Hkdf.HASH_LENGTH);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  /** v1: one key per key version (no salt). */
  static byte[] v1BlobKey(SecretBytes material, String keyId, long keyVersion) {
    byte[] info = new CanonicalWriter().string(V1_INFO_LABEL).string(keyId).u32(keyVersion).toByteArray();
    byte[] ikm = material.toByteArray(SecretAccess.INSTANCE);
    try {
      return Hkdf.sha256(ikm, null, info, Hkdf.HASH_LENGTH);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  private static byte[] aad(byte[] header, Map<String, String> context) {
    byte[] ctx = canonicalContext(context);
    byte[] aad = Arrays.copyOf(header, header.length + ctx.length);
    System.arraycopy(ctx, 0, aad, header.length, ctx.length);
    return aad;
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(CiphertextBlob.TAG_LENGTH * 8, nonce));
    gcm.updateAAD(aad);
    return gcm;
  }
}
