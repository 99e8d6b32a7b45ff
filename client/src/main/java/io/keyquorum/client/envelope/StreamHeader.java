package io.keyquorum.client.envelope;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.protocol.blob.CiphertextBlob;
import io.keyquorum.protocol.blob.InvalidCiphertextException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The header of an envelope-encrypted stream (docs/FORMATS.md, "Encrypted stream v1"):
 *
 * <pre>
 *   magic "KQES" ‖ u8 version (1) ‖ u32 chunk size ‖ bytes data-key blob ‖ nonce prefix[8]
 * </pre>
 *
 * The data-key blob is a {@link CiphertextBlob} from GenerateDataKey; whoever can Decrypt it (with
 * the same encryption context) can read the stream.
 */
public record StreamHeader(int chunkSize, byte[] dataKeyBlob, byte[] noncePrefix) {
  static final byte[] MAGIC = {'K', 'Q', 'E', 'S'};
  public static final int VERSION = 1;
  public static final int PREFIX_LENGTH = 8;
  public static final int MIN_CHUNK = 1024;
  public static final int MAX_CHUNK = 4 * 1024 * 1024;

  public StreamHeader {
    if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
      throw new IllegalArgumentException("chunk size must be " + MIN_CHUNK + ".." + MAX_CHUNK + ", got " + chunkSize);
    }
    if (dataKeyBlob == null || dataKeyBlob.length > CiphertextBlob.MAX_ENCODED) {
      throw new IllegalArgumentException("data-key blob is missing or too long");
    }
    if (noncePrefix == null || noncePrefix.length != PREFIX_LENGTH) {
      throw new IllegalArgumentException("nonce prefix must be " + PREFIX_LENGTH + " bytes");
    }
    dataKeyBlob = dataKeyBlob.clone();
    noncePrefix = noncePrefix.clone();
  }

  @Override
  public byte[] dataKeyBlob() {
    return dataKeyBlob.clone();
  }

  @Override
  public byte[] noncePrefix() {
    return noncePrefix.clone();
  }

  public byte[] encode() {
    return new CanonicalWriter().fixed(MAGIC, MAGIC.length).u8(VERSION).u32(chunkSize).bytes(dataKeyBlob)
        .fixed(noncePrefix, PREFIX_LENGTH).toByteArray();
  }

  /** SHA-256 of the encoded header: bound into every chunk's associated data. */
  byte[] digest() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(encode());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Reads exactly one header from {@code in}, bounding every length before reading it. */
  public static StreamHeader read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    try {
      byte[] fixed = new byte[4 + 1 + 4 + 4];
      d.readFully(fixed);
      CanonicalReader r = new CanonicalReader(Arrays.copyOf(fixed, 9));
      if (!Arrays.equals(r.fixed("magic", 4), MAGIC)) {
        throw new InvalidCiphertextException("not a keyquorum encrypted stream (bad magic)");
      }
      int version = r.u8("version");
      if (version != VERSION) {
        throw new InvalidCiphertextException("unsupported encrypted stream version " + version);
      }
      long chunk = r.u32("chunk size");
      long blobLength = new CanonicalReader(Arrays.copyOfRange(fixed, 9, 13)).u32("blob length");
      if (chunk < MIN_CHUNK || chunk > MAX_CHUNK) {
        throw new InvalidCiphertextException("encrypted stream chunk size " + chunk + " is out of range");
      }
      if (blobLength > CiphertextBlob.MAX_ENCODED) {
        throw new InvalidCiphertextException("encrypted stream data-key blob of " + blobLength + " bytes is too long");
      }
      byte[] blob = new byte[(int) blobLength];
      d.readFully(blob);
      byte[] prefix = new byte[PREFIX_LENGTH];
      d.readFully(prefix);
      return new StreamHeader((int) chunk, blob, prefix);
    } catch (EOFException e) {
      throw new InvalidCiphertextException("encrypted stream is truncated inside its header", e);
    }
  }
}
