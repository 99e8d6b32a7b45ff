package io.keyquorum.protocol.blob;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.wrap.Hkdf;
import io.keyquorum.protocol.RequestLimits;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens {@link CiphertextBlob}s under a key version's material.
 *
 * <p>Guarantees: the blob key is HKDF-SHA256(ikm = material, salt = none, info =
 * string("keyquorum/blob/v1") ‖ string(keyId) ‖ u32(version)), so each key version has its own
 * blob key; the AAD is the blob header ‖ the canonical encryption context (a sorted string map),
 * so a blob opens only with the same key, version and context, and any flipped byte fails; the
 * blob key is zero-filled after each use. Nonces are 96 random bits (NIST SP 800-38D §8.2.2).
 */
public final class BlobCipher {
  static final String INFO_LABEL = "keyquorum/blob/v1";

  private BlobCipher() {}

  public static CiphertextBlob seal(SecretBytes material, String keyId, long keyVersion, Map<String, String> context,
      SecretBytes plaintext, SecureRandom random) {
    if (plaintext.length() > CiphertextBlob.MAX_PLAINTEXT) {
      throw new IllegalArgumentException(
          "plaintext of " + plaintext.length() + " bytes exceeds " + CiphertextBlob.MAX_PLAINTEXT);
    }
    byte[] nonce = new byte[CiphertextBlob.NONCE_LENGTH];
    random.nextBytes(nonce);
    // A placeholder ciphertext gives the header; the header does not depend on the ciphertext.
    byte[] header = new CiphertextBlob(keyId, keyVersion, nonce, new byte[CiphertextBlob.TAG_LENGTH]).header();
    byte[] key = blobKey(material, keyId, keyVersion);
    byte[] pt = plaintext.toByteArray(SecretAccess.INSTANCE);
    try {
      Cipher gcm = cipher(Cipher.ENCRYPT_MODE, key, nonce, aad(header, context));
      return new CiphertextBlob(keyId, keyVersion, nonce, gcm.doFinal(pt));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM failed to encrypt", e);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(pt, (byte) 0);
    }
  }

  /**
   * Opens {@code blob} with the material of the key version it names.
   *
   * @throws InvalidCiphertextException if the tag fails: another key, version or context, or a
   *     tampered blob
   */
  public static SecretBytes open(SecretBytes material, CiphertextBlob blob, Map<String, String> context) {
    byte[] key = blobKey(material, blob.keyId(), blob.keyVersion());
    try {
      Cipher gcm = cipher(Cipher.DECRYPT_MODE, key, blob.nonce(), aad(blob.header(), context));
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

  /** The canonical encoding of an encryption context: a count-prefixed, key-sorted string map. */
  public static byte[] canonicalContext(Map<String, String> context) {
    return new CanonicalWriter().stringMap(new TreeMap<>(RequestLimits.checkContext(context))).toByteArray();
  }

  static byte[] blobKey(SecretBytes material, String keyId, long keyVersion) {
    byte[] info = new CanonicalWriter().string(INFO_LABEL).string(keyId).u32(keyVersion).toByteArray();
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
