package io.keyquorum.protocol.blob;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.protocol.RequestLimits;
import java.util.Arrays;

/**
 * A ciphertext made under a key's material: what {@code GenerateDataKey} and {@code Encrypt}
 * return and {@code Decrypt} takes. Format (docs/FORMATS.md, "Ciphertext blob v1"):
 *
 * <pre>
 *   magic "KQCB" ‖ u8 format version (1) ‖ string key id ‖ u32 key version ‖ nonce[12]
 *   ‖ bytes ciphertext (AES-256-GCM ciphertext ‖ 16-byte tag)
 * </pre>
 *
 * <p>Everything before the ciphertext is the header; it is authenticated as associated data
 * together with the canonical encryption context (see {@link BlobCipher}). Decoding bounds every
 * length and rejects trailing bytes; it does not decrypt.
 */
public record CiphertextBlob(String keyId, long keyVersion, byte[] nonce, byte[] ciphertext) {
  static final byte[] MAGIC = {'K', 'Q', 'C', 'B'};
  public static final int FORMAT_VERSION = 1;
  public static final int NONCE_LENGTH = 12;
  public static final int TAG_LENGTH = 16;
  /** Encrypt takes at most 4 KiB; data keys are 32 bytes. */
  public static final int MAX_PLAINTEXT = 4096;
  public static final int MAX_ENCODED = 4 + 1 + 4 + RequestLimits.MAX_ID_BYTES + 4 + NONCE_LENGTH + 4 + MAX_PLAINTEXT + TAG_LENGTH;

  public CiphertextBlob {
    RequestLimits.checkId("blob key id", keyId);
    if (keyVersion < 1 || keyVersion > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("blob key version must be a positive u32, got " + keyVersion);
    }
    if (nonce == null || nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException("blob nonce must be " + NONCE_LENGTH + " bytes");
    }
    if (ciphertext == null || ciphertext.length < TAG_LENGTH || ciphertext.length > MAX_PLAINTEXT + TAG_LENGTH) {
      throw new IllegalArgumentException(
          "blob ciphertext must be " + TAG_LENGTH + ".." + (MAX_PLAINTEXT + TAG_LENGTH) + " bytes");
    }
    nonce = nonce.clone();
    ciphertext = ciphertext.clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** The authenticated header: every field before the ciphertext, exactly as encoded. */
  public byte[] header() {
    return headerWriter().toByteArray();
  }

  private CanonicalWriter headerWriter() {
    return new CanonicalWriter()
        .fixed(MAGIC, MAGIC.length)
        .u8(FORMAT_VERSION)
        .string(keyId)
        .u32(keyVersion)
        .fixed(nonce, NONCE_LENGTH);
  }

  public byte[] encode() {
    return headerWriter().bytes(ciphertext).toByteArray();
  }

  /**
   * Parses a blob.
   *
   * @throws InvalidCiphertextException naming the fault: wrong magic, unknown format version, a
   *     hostile length, truncation or trailing bytes
   */
  public static CiphertextBlob decode(byte[] wire) {
    if (wire == null || wire.length > MAX_ENCODED) {
      throw new InvalidCiphertextException("ciphertext blob is missing or longer than " + MAX_ENCODED + " bytes");
    }
    try {
      CanonicalReader r = new CanonicalReader(wire);
      byte[] magic = r.fixed("magic", MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new InvalidCiphertextException("not a keyquorum ciphertext blob (bad magic)");
      }
      int version = r.u8("format version");
      if (version != FORMAT_VERSION) {
        throw new InvalidCiphertextException("unsupported ciphertext blob format version " + version);
      }
      String keyId = r.string("key id", RequestLimits.MAX_ID_BYTES);
      long keyVersion = r.u32("key version");
      byte[] nonce = r.fixed("nonce", NONCE_LENGTH);
      byte[] ciphertext = r.bytes("ciphertext", MAX_PLAINTEXT + TAG_LENGTH);
      r.finish();
      return new CiphertextBlob(keyId, keyVersion, nonce, ciphertext);
    } catch (IllegalArgumentException e) {
      throw new InvalidCiphertextException("malformed ciphertext blob: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CiphertextBlob b && Arrays.equals(encode(), b.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "CiphertextBlob[" + keyId + " v" + keyVersion + ", " + ciphertext.length + " bytes]";
  }
}
