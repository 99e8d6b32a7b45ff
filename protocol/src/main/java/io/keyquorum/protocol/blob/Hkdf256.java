package io.keyquorum.protocol.blob;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869) for one 32-byte output block: extract, then one expand step. */
public final class Hkdf256 {
  public static final int LENGTH = 32;

  private Hkdf256() {}

  /**
   * Derives 32 bytes. {@code salt} may be null (RFC 5869 §2.2: a string of zeros). The caller owns
   * and zero-fills the result.
   */
  public static byte[] derive(byte[] ikm, byte[] salt, byte[] info) {
    byte[] prk = null;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt == null || salt.length == 0 ? new byte[LENGTH] : salt, "HmacSHA256"));
      prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(info);
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    } finally {
      if (prk != null) {
        Arrays.fill(prk, (byte) 0);
      }
    }
  }
}
