package io.keyquorum.cli.key;

import io.keyquorum.cli.session.UsageException;
import io.keyquorum.crypto.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Key material to import, read from a file into {@link SecretBytes}; the read buffer is zero-filled. */
final class ImportedMaterial {
  static final int MAX_BYTES = 4096;

  private ImportedMaterial() {}

  static SecretBytes read(Path file) {
    byte[] raw;
    try (InputStream in = Files.newInputStream(file)) {
      raw = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new UsageException("cannot read key material " + file + ": " + e.getMessage(), e);
    }
    if (raw.length == 0 || raw.length > MAX_BYTES) {
      Arrays.fill(raw, (byte) 0);
      throw new UsageException("key material " + file + " must be 1 to " + MAX_BYTES + " bytes");
    }
    return SecretBytes.adopt(raw);
  }
}
