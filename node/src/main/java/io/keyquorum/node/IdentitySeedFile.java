package io.keyquorum.node;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;

/** A replica's Ed25519 consensus key as a hex seed in a file readable only by its owner. */
public final class IdentitySeedFile {
  private IdentitySeedFile() {}

  public static Ed25519PrivateKey read(Path file) throws IOException {
    byte[] text = Files.readAllBytes(file);
    byte[] seed = null;
    try {
      seed = HexFormat.of().parseHex(new String(text, StandardCharsets.US_ASCII).trim());
      if (seed.length != Ed25519PrivateKey.SEED_LENGTH) {
        throw new IllegalArgumentException(file + ": seed must be 32 bytes of hex, got " + seed.length);
      }
      return Ed25519PrivateKey.fromSeed(SecretBytes.copyOf(seed));
    } finally {
      Arrays.fill(text, (byte) 0);
      if (seed != null) {
        Arrays.fill(seed, (byte) 0);
      }
    }
  }

  /** Writes the key's seed, mode 0600 from creation (never world-readable, even briefly). */
  public static void write(Path file, Ed25519PrivateKey key) throws IOException {
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    SecretBytes seed = key.seed(SecretAccess.INSTANCE);
    byte[] raw = seed.toByteArray(SecretAccess.INSTANCE);
    byte[] hex = HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII);
    try {
      Files.write(file, hex);
    } finally {
      Arrays.fill(raw, (byte) 0);
      Arrays.fill(hex, (byte) 0);
      seed.destroy();
    }
  }
}
