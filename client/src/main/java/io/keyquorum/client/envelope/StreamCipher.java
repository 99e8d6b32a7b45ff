package io.keyquorum.client.envelope;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.wrap.Hkdf;
import io.keyquorum.protocol.blob.InvalidCiphertextException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Chunked AES-256-GCM for streams of any length in constant memory (the STREAM construction of
 * Hoang, Reyhanitabar, Rogaway and Vizár, "Online Authenticated-Encryption and its Nonce-Reuse
 * Misuse-Resistance", CRYPTO 2015).
 *
 * <p>Chunk i (from 0) of the plaintext, {@code chunkSize} bytes except the last (which may be
 * shorter or empty), is sealed under key = HKDF-SHA256(data key, salt = nonce prefix, info =
 * "keyquorum/stream/v1"), nonce = prefix ‖ u32(i), associated data = SHA-256(header) ‖ u64(i) ‖
 * u8(last). Guarantees: a flipped bit, a reordered, dropped or duplicated chunk, a truncated stream
 * (even at a chunk boundary: the last chunk carries last = 1), an appended chunk or an altered
 * header all fail with {@link InvalidCiphertextException}. Decryption writes each chunk only after
 * it verifies, but truncation is detected only at the end: treat the output as untrusted until
 * {@link #decrypt} returns (EnvelopeFiles writes to a temporary file and renames on success).
 */
public final class StreamCipher {
  public static final int DEFAULT_CHUNK = 64 * 1024;
  static final int TAG = 16;
  static final byte[] INFO = "keyquorum/stream/v1".getBytes(StandardCharsets.US_ASCII);

  private StreamCipher() {}

  /**
   * Writes a current-version header storing {@code context}, with a fresh random nonce prefix, and
   * the chunks to {@code out}; returns the plaintext length. Does not close either stream.
   */
  public static long encrypt(InputStream in, OutputStream out, SecretBytes dataKey, byte[] dataKeyBlob,
      Map<String, String> context, int chunkSize, SecureRandom random, Progress progress) throws IOException {
    byte[] prefix = new byte[StreamHeader.PREFIX_LENGTH];
    random.nextBytes(prefix);
    return encrypt(new StreamHeader(chunkSize, context, dataKeyBlob, prefix), in, out, dataKey, progress);
  }

  /**
   * Writes {@code header} and the chunks to {@code out}; returns the plaintext length. The header's
   * nonce prefix must be fresh: with the data key it derives the chunk key.
   */
  public static long encrypt(StreamHeader header, InputStream in, OutputStream out, SecretBytes dataKey,
      Progress progress) throws IOException {
    int chunkSize = header.chunkSize();
    byte[] prefix = header.noncePrefix();
    out.write(header.encode());
    byte[] headerDigest = header.digest();
    byte[] key = streamKey(dataKey, prefix);
    byte[] plain = new byte[chunkSize];
    byte[] sealed = new byte[chunkSize + TAG];
    PushbackInputStream pin = new PushbackInputStream(in, 1);
    long total = 0;
    try {
      for (long index = 0; ; index++) {
        int n = pin.readNBytes(plain, 0, chunkSize);
        boolean last = n < chunkSize || atEnd(pin);
        Cipher gcm = cipher(Cipher.ENCRYPT_MODE, key, prefix, index, headerDigest, last);
        int len = gcm.doFinal(plain, 0, n, sealed, 0);
        out.write(sealed, 0, len);
        total += n;
        progress.bytesProcessed(total);
        if (last) {
          return total;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM failed to encrypt a chunk", e);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Decrypts the chunks that follow {@code header} in {@code in}; returns the plaintext length.
   *
   * @throws InvalidCiphertextException on any tampering, reordering or truncation
   */
  public static long decrypt(StreamHeader header, InputStream in, OutputStream out, SecretBytes dataKey,
      Progress progress) throws IOException {
    int chunkSize = header.chunkSize();
    byte[] headerDigest = header.digest();
    byte[] prefix = header.noncePrefix();
    byte[] key = streamKey(dataKey, prefix);
    byte[] sealed = new byte[chunkSize + TAG];
    byte[] plain = new byte[chunkSize];
    PushbackInputStream pin = new PushbackInputStream(in, 1);
    long total = 0;
    try {
      for (long index = 0; ; index++) {
        if (index > 0xFFFF_FFFFL) {
          throw new InvalidCiphertextException("encrypted stream has more than 2^32 chunks");
        }
        int n = pin.readNBytes(sealed, 0, chunkSize + TAG);
        if (n < TAG) {
          throw new InvalidCiphertextException("encrypted stream is truncated: chunk " + index + " is missing or cut short");
        }
        boolean last = n < chunkSize + TAG || atEnd(pin);
        int len;
        try {
          len = cipher(Cipher.DECRYPT_MODE, key, prefix, index, headerDigest, last).doFinal(sealed, 0, n, plain, 0);
        } catch (AEADBadTagException e) {
          throw new InvalidCiphertextException("encrypted stream chunk " + index + " does not verify: tampered, "
              + "reordered or truncated", e);
        }
        out.write(plain, 0, len);
        total += len;
        progress.bytesProcessed(total);
        if (last) {
          return total;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM failed to decrypt a chunk", e);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static boolean atEnd(PushbackInputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      return true;
    }
    in.unread(b);
    return false;
  }

  private static byte[] streamKey(SecretBytes dataKey, byte[] prefix) {
    byte[] ikm = dataKey.toByteArray(SecretAccess.INSTANCE);
    try {
      return Hkdf.sha256(ikm, prefix, INFO, Hkdf.HASH_LENGTH);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] prefix, long index, byte[] headerDigest, boolean last)
      throws GeneralSecurityException {
    byte[] nonce = new CanonicalWriter().fixed(prefix, StreamHeader.PREFIX_LENGTH).u32(index).toByteArray();
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, nonce));
    gcm.updateAAD(new CanonicalWriter().fixed(headerDigest, 32).u64(index).u8(last ? 1 : 0).toByteArray());
    return gcm;
  }
}
