package io.keyquorum.client.envelope;

import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyQuorumException;
import io.keyquorum.client.KeyResult;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.delivery.ErrorKind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Envelope encryption of files and streams: a fresh data key from GenerateDataKey per stream,
 * its blob in the stream header, the data in {@link StreamCipher} chunks. Memory use is a few
 * chunk buffers regardless of size. The data key is zero-filled when done.
 *
 * <p>Encryption uses the delivery mode given ({@link KeyQuorumClient#DEFAULT_DELIVERY} unless
 * named); decryption uses the one recorded in the header's data-key blob, unless overridden.
 *
 * <p>The header stores the encryption context (stream v2), so decryption needs none. A context
 * given to decrypt is what the caller expects: each of its entries must be in the header with the
 * same value, or decryption is refused before any request is made. A v1 stream stores no context;
 * the one given is used as it is.
 */
public final class EnvelopeFiles {
  private final KeyQuorumClient client;
  private final DeliveryMode mode;
  private final Optional<DeliveryMode> decryptMode;

  public EnvelopeFiles(KeyQuorumClient client) {
    this(client, KeyQuorumClient.DEFAULT_DELIVERY, Optional.empty());
  }

  /** Encrypts with {@code mode}; decrypts with the mode the stream records. */
  public EnvelopeFiles(KeyQuorumClient client, DeliveryMode mode) {
    this(client, mode, Optional.empty());
  }

  public EnvelopeFiles(KeyQuorumClient client, DeliveryMode mode, Optional<DeliveryMode> decryptMode) {
    this.client = client;
    this.mode = mode;
    this.decryptMode = decryptMode;
  }

  public long encrypt(InputStream in, OutputStream out, String keyRef, Map<String, String> context, Progress progress)
      throws IOException {
    try (KeyResult dataKey = client.generateDataKey(keyRef, context, mode)) {
      return StreamCipher.encrypt(in, out, dataKey.secretOrThrow(), dataKey.blobOrThrow(), context,
          StreamCipher.DEFAULT_CHUNK, client.random(), progress);
    }
  }

  /**
   * Decrypts a stream; {@code expected} holds entries the header's context must contain (any or
   * none: the header's own context is the one used), or, for a v1 stream, the whole context.
   *
   * @throws KeyQuorumException of kind invalid-ciphertext, naming the key, if an expected entry
   *     is missing from the header or differs
   */
  public long decrypt(InputStream in, OutputStream out, Map<String, String> expected, Progress progress)
      throws IOException {
    StreamHeader header = StreamHeader.read(in);
    Map<String, String> context = header.storedContext().map(stored -> requireEntries(stored, expected))
        .orElse(expected);
    try (KeyResult dataKey = decryptMode.isPresent() ? client.decrypt(header.dataKeyBlob(), context, decryptMode.get())
        : client.decrypt(header.dataKeyBlob(), context)) {
      return StreamCipher.decrypt(header, in, out, dataKey.secretOrThrow(), progress);
    }
  }

  // Contexts are not secret (they are sent in the clear to every attestor), so plain equality is fine.
  private static Map<String, String> requireEntries(Map<String, String> stored, Map<String, String> expected) {
    for (Map.Entry<String, String> e : new TreeMap<>(expected).entrySet()) {
      String actual = stored.get(e.getKey());
      if (actual == null) {
        throw new KeyQuorumException(ErrorKind.INVALID_CIPHERTEXT, "encryption context mismatch: the file's context "
            + "has no entry \"" + e.getKey() + "\" (expected \"" + e.getValue() + "\")");
      }
      if (!actual.equals(e.getValue())) {
        throw new KeyQuorumException(ErrorKind.INVALID_CIPHERTEXT, "encryption context mismatch at \"" + e.getKey()
            + "\": the file has \"" + actual + "\", expected \"" + e.getValue() + "\"");
      }
    }
    return stored;
  }

  public long encryptFile(Path plaintext, Path ciphertext, String keyRef, Map<String, String> context, Progress progress)
      throws IOException {
    return atomically(ciphertext, out -> {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(plaintext))) {
        return encrypt(in, out, keyRef, context, progress);
      }
    });
  }

  /**
   * Writes the plaintext to a temporary file next to {@code plaintext} and renames it only once all
   * of it verified. {@code expected} is as for {@link #decrypt}.
   */
  public long decryptFile(Path ciphertext, Path plaintext, Map<String, String> expected, Progress progress)
      throws IOException {
    return atomically(plaintext, out -> {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(ciphertext))) {
        return decrypt(in, out, expected, progress);
      }
    });
  }

  @FunctionalInterface
  private interface Body {
    long write(OutputStream out) throws IOException;
  }

  private static long atomically(Path target, Body body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".kq-", ".partial");
    try {
      long n;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
        n = body.write(out);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return n;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
