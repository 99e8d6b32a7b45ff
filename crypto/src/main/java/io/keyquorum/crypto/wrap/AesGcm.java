package io.keyquorum.crypto.wrap;

import io.keyquorum.crypto.DecryptionFailedException;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** AES-GCM (NIST SP 800-38D) over BouncyCastle; output is ciphertext ‖ tag. */
final class AesGcm {
  private AesGcm() {}

  static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext, int tagBits) {
    GCMModeCipher gcm = cipher(true, key, nonce, aad, tagBits);
    byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
    int n = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
    return out;
  }

  /**
   * Decrypts and authenticates. The plaintext is returned only if the tag verifies: BouncyCastle
   * decrypts into our buffer before doFinal checks the tag, so on failure the buffer is zeroed
   * and never leaves this method.
   */
  static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag, int tagBits) {
    GCMModeCipher gcm = cipher(false, key, nonce, aad, tagBits);
    if (ciphertextAndTag.length < tagBits / 8) {
      throw new DecryptionFailedException("AES-GCM ciphertext shorter than its tag");
    }
    byte[] out = new byte[gcm.getOutputSize(ciphertextAndTag.length)];
    try {
      int n = gcm.processBytes(ciphertextAndTag, 0, ciphertextAndTag.length, out, 0);
      n += gcm.doFinal(out, n);
      return n == out.length ? out : Arrays.copyOf(out, n);
    } catch (InvalidCipherTextException e) {
      Arrays.fill(out, (byte) 0);
      throw new DecryptionFailedException("AES-GCM tag does not verify (wrong key, nonce or associated data, or tampered ciphertext)");
    }
  }

  private static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, int tagBits) {
    GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(encrypt, new AEADParameters(new KeyParameter(key), tagBits, nonce, aad));
    return gcm;
  }
}
