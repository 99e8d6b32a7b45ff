package io.keyquorum.protocol.blob;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.RequestLimits;
import java.util.Arrays;
import java.util.Optional;

/**
 * A ciphertext made under a key's material: what {@code GenerateDataKey} and {@code Encrypt}
 * return and {@code Decrypt} takes. Formats (docs/FORMATS.md, "Ciphertext blob"):
 *
 * <pre>
 *   v2: magic "KQCB" ‖ u8 2 ‖ string key id ‖ u32 key version ‖ string delivery ‖ salt[32]
 *       ‖ bytes ciphertext (AES-256-GCM ciphertext ‖ 16-byte tag)
 *   v1: magic "KQCB" ‖ u8 1 ‖ string key id ‖ u32 key version ‖ nonce[12] ‖ bytes ciphertext
 * </pre>
 *
 * <p>Everything before the ciphertext is the header; it is authenticated as associated data
 * together with the canonical encryption context (see {@link BlobCipher}). v2 records the delivery
 * mode the blob was made with, which Decrypt uses by default. v1 is still read, never written.
 * Decoding bounds every length and rejects trailing bytes; it does not decrypt.
 *
 * @param formatVersion 1 or 2
 * @param delivery the delivery mode the blob was made with; present exactly in v2
 * @param salt v2: the 32-byte HKDF salt of this blob's own key; v1: the 12-byte GCM nonce
 */
public record CiphertextBlob(int formatVersion, String keyId, long keyVersion, Optional<DeliveryMode> delivery,
    byte[] salt, byte[] ciphertext) {
  static final byte[] MAGIC = {'K', 'Q', 'C', 'B'};
  public static final int FORMAT_VERSION = 2;
  public static final int V1 = 1;
  public static final int SALT_LENGTH = 32;
  public static final int V1_NONCE_LENGTH = 12;
  public static final int TAG_LENGTH = 16;
  static final int MAX_DELIVERY_BYTES = 32;
  /** Encrypt takes at most 4 KiB; data keys are 32 bytes. */
  public static final int MAX_PLAINTEXT = 4096;
  public static final int MAX_ENCODED = 4 + 1 + 4 + RequestLimits.MAX_ID_BYTES + 4 + 4 + MAX_DELIVERY_BYTES
      + SALT_LENGTH + 4 + MAX_PLAINTEXT + TAG_LENGTH;

  public CiphertextBlob {
    RequestLimits.checkId("blob key id", keyId);
    if (keyVersion < 1 || keyVersion > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("blob key version must be a positive u32, got " + keyVersion);
    }
    if (formatVersion != V1 && formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException("unsupported ciphertext blob format version " + formatVersion);
    }
    if (delivery == null || delivery.isPresent() != (formatVersion == FORMAT_VERSION)) {
      throw new IllegalArgumentException("a v2 blob records its delivery mode and a v1 blob has none");
    }
    int saltLength = formatVersion == V1 ? V1_NONCE_LENGTH : SALT_LENGTH;
    if (salt == null || salt.length != saltLength) {
      throw new IllegalArgumentException("blob " + (formatVersion == V1 ? "nonce" : "salt") + " must be " + saltLength
          + " bytes");
    }
    if (ciphertext == null || ciphertext.length < TAG_LENGTH || ciphertext.length > MAX_PLAINTEXT + TAG_LENGTH) {
      throw new IllegalArgumentException(
          "blob ciphertext must be " + TAG_LENGTH + ".." + (MAX_PLAINTEXT + TAG_LENGTH) + " bytes");
    }
    salt = salt.clone();
    ciphertext = ciphertext.clone();
  }

  /** A current-format (v2) blob. */
  public static CiphertextBlob v2(String keyId, long keyVersion, DeliveryMode delivery, byte[] salt, byte[] ciphertext) {
    return new CiphertextBlob(FORMAT_VERSION, keyId, keyVersion, Optional.of(delivery), salt, ciphertext);
  }

  /** A legacy v1 blob (read only; kept so stored v1 blobs still decrypt). */
  public static CiphertextBlob v1(String keyId, long keyVersion, byte[] nonce, byte[] ciphertext) {
    return new CiphertextBlob(V1, keyId, keyVersion, Optional.empty(), nonce, ciphertext);
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** The delivery Decrypt uses by default: the recorded one, or orchestrator for a v1 blob. */
  public DeliveryMode recordedDelivery() {
    return delivery.orElse(DeliveryMode.ORCHESTRATOR);
  }

  /** The authenticated header: every field before the ciphertext, exactly as encoded. */
  public byte[] header() {
    return headerWriter().toByteArray();
  }

  private CanonicalWriter headerWriter() {
    CanonicalWriter w = new CanonicalWriter()
        .fixed(MAGIC, MAGIC.length)
        .u8(formatVersion)
        .string(keyId)
        .u32(keyVersion);
    delivery.ifPresent(d -> w.string(d.wireName()));
    return w.fixed(salt, salt.length);
  }

  public byte[] encode() {
    return headerWriter().bytes(ciphertext).toByteArray();
  }

  /**
   * Parses a blob of either format version.
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
      if (version != V1 && version != FORMAT_VERSION) {
        throw new InvalidCiphertextException("unsupported ciphertext blob format version " + version);
      }
      String keyId = r.string("key id", RequestLimits.MAX_ID_BYTES);
      long keyVersion = r.u32("key version");
      Optional<DeliveryMode> delivery = version == V1 ? Optional.empty()
          : Optional.of(DeliveryMode.fromWire(r.string("delivery", MAX_DELIVERY_BYTES)));
      byte[] salt = r.fixed(version == V1 ? "nonce" : "salt", version == V1 ? V1_NONCE_LENGTH : SALT_LENGTH);
      byte[] ciphertext = r.bytes("ciphertext", MAX_PLAINTEXT + TAG_LENGTH);
      r.finish();
      return new CiphertextBlob(version, keyId, keyVersion, delivery, salt, ciphertext);
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
    return "CiphertextBlob[v" + formatVersion + ", " + keyId + " v" + keyVersion
        + delivery.map(d -> ", delivery=" + d.wireName()).orElse("") + ", " + ciphertext.length + " bytes]";
  }
}
