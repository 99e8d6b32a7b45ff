package io.keyquorum.client.envelope;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.protocol.RequestLimits;
import io.keyquorum.protocol.blob.CiphertextBlob;
import io.keyquorum.protocol.blob.InvalidCiphertextException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The header of an envelope-encrypted stream (docs/FORMATS.md, "Encrypted stream v2"):
 *
 * <pre>
 *   v2: magic "KQES" ‖ u8 2 ‖ u32 chunk size ‖ bytes(map encryption context) ‖ bytes data-key blob ‖ nonce prefix[8]
 *   v1: magic "KQES" ‖ u8 1 ‖ u32 chunk size ‖                                 bytes data-key blob ‖ nonce prefix[8]
 * </pre>
 *
 * The data-key blob is a {@link CiphertextBlob} from GenerateDataKey; whoever can Decrypt it (with
 * the same encryption context) can read the stream. A v2 header stores that context, as the AWS
 * Encryption SDK's message header does, so a reader need not know it; it is authenticated twice:
 * the blob's associated data binds it, and every chunk's associated data holds the header's hash.
 * v1 headers carry no context (the reader must supply it); they are read, never written.
 */
public record StreamHeader(int version, int chunkSize, Map<String, String> context, byte[] dataKeyBlob,
    byte[] noncePrefix) {
  static final byte[] MAGIC = {'K', 'Q', 'E', 'S'};
  public static final int VERSION = 2;
  public static final int V1 = 1;
  public static final int PREFIX_LENGTH = 8;
  public static final int MIN_CHUNK = 1024;
  public static final int MAX_CHUNK = 4 * 1024 * 1024;
  /** The largest context RequestLimits admits, encoded: count, then per entry two length-prefixed strings. */
  static final int MAX_CONTEXT_ENCODED = 4 + RequestLimits.MAX_CONTEXT_ENTRIES
      * (4 + RequestLimits.MAX_CONTEXT_KEY_BYTES + 4 + RequestLimits.MAX_CONTEXT_VALUE_BYTES);

  public StreamHeader {
    if (version != V1 && version != VERSION) {
      throw new IllegalArgumentException("encrypted stream version must be 1 or 2, got " + version);
    }
    if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
      throw new IllegalArgumentException("chunk size must be " + MIN_CHUNK + ".." + MAX_CHUNK + ", got " + chunkSize);
    }
    context = Map.copyOf(RequestLimits.checkContext(context));
    if (version == V1 && !context.isEmpty()) {
      throw new IllegalArgumentException("a v1 stream header has no room for an encryption context");
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

  /** A header of the current version, storing {@code context}. */
  public StreamHeader(int chunkSize, Map<String, String> context, byte[] dataKeyBlob, byte[] noncePrefix) {
    this(VERSION, chunkSize, context, dataKeyBlob, noncePrefix);
  }

  /** The encryption context the stream was made with; empty for a v1 stream, which does not record it. */
  public Optional<Map<String, String>> storedContext() {
    return version == V1 ? Optional.empty() : Optional.of(context);
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
    CanonicalWriter w = new CanonicalWriter().fixed(MAGIC, MAGIC.length).u8(version).u32(chunkSize);
    if (version != V1) {
      w.bytes(new CanonicalWriter().stringMap(context).toByteArray());
    }
    return w.bytes(dataKeyBlob).fixed(noncePrefix, PREFIX_LENGTH).toByteArray();
  }

  /** SHA-256 of the encoded header: bound into every chunk's associated data. */
  byte[] digest() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(encode());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Reads exactly one header (v1 or v2) from {@code in}, bounding every length before reading it. */
  public static StreamHeader read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    try {
      CanonicalReader r = new CanonicalReader(readFully(d, 4 + 1 + 4));
      if (!Arrays.equals(r.fixed("magic", 4), MAGIC)) {
        throw new InvalidCiphertextException("not a keyquorum encrypted stream (bad magic)");
      }
      int version = r.u8("version");
      if (version != V1 && version != VERSION) {
        throw new InvalidCiphertextException("unsupported encrypted stream version " + version);
      }
      long chunk = r.u32("chunk size");
      if (chunk < MIN_CHUNK || chunk > MAX_CHUNK) {
        throw new InvalidCiphertextException("encrypted stream chunk size " + chunk + " is out of range");
      }
      Map<String, String> context = version == V1 ? Map.of() : context(d);
      byte[] blob = readFully(d, length(d, "data-key blob", CiphertextBlob.MAX_ENCODED));
      byte[] prefix = readFully(d, PREFIX_LENGTH);
      return new StreamHeader(version, (int) chunk, context, blob, prefix);
    } catch (EOFException e) {
      throw new InvalidCiphertextException("encrypted stream is truncated inside its header", e);
    }
  }

  private static Map<String, String> context(DataInputStream d) throws IOException {
    byte[] encoded = readFully(d, length(d, "encryption context", MAX_CONTEXT_ENCODED));
    try {
      CanonicalReader r = new CanonicalReader(encoded);
      Map<String, String> context = r.stringMap("encryption context", RequestLimits.MAX_CONTEXT_ENTRIES,
          RequestLimits.MAX_CONTEXT_VALUE_BYTES);
      r.finish();
      return RequestLimits.checkContext(context);
    } catch (IllegalArgumentException e) { // MalformedEncodingException, or a key over its bound
      throw new InvalidCiphertextException("encrypted stream header: " + e.getMessage(), e);
    }
  }

  private static int length(DataInputStream d, String field, int max) throws IOException {
    long length = new CanonicalReader(readFully(d, 4)).u32(field + " length");
    if (length > max) {
      throw new InvalidCiphertextException("encrypted stream " + field + " of " + length + " bytes is too long");
    }
    return (int) length;
  }

  private static byte[] readFully(DataInputStream d, int n) throws IOException {
    byte[] b = new byte[n];
    d.readFully(b);
    return b;
  }
}
