package io.keyquorum.attestor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an attestor's PKCS#11 custody key lives: the module (the vendor's PKCS#11 library), the
 * token's label and slot, and where the user PIN comes from. The PIN itself is never part of the
 * configuration or the command line, only its source: an environment variable or a file.
 *
 * @param module the PKCS#11 library, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param token the token's label; it also names the wrapping key ({@link #keyAlias()})
 * @param slot the slot id; empty: the first slot with a token (SunPKCS11's {@code slotListIndex 0})
 * @param pinEnv the environment variable holding the PIN, or
 * @param pinFile the file holding it (trailing newlines ignored); exactly one of the two
 */
public record Pkcs11Settings(Path module, String token, Optional<Long> slot, Optional<String> pinEnv,
    Optional<Path> pinFile) {
  private static final int MAX_PIN = 256;

  public Pkcs11Settings {
    Objects.requireNonNull(module, "module");
    if (token == null || token.isBlank() || token.length() > 32 || !token.matches("[A-Za-z0-9._@-]+")) {
      // PKCS#11 token labels are 32 bytes; keep them to characters that need no quoting anywhere.
      throw new IllegalArgumentException("custody token label must be 1..32 of [A-Za-z0-9._@-], got " + token);
    }
    if (pinEnv.isPresent() == pinFile.isPresent()) {
      throw new IllegalArgumentException("custody needs exactly one PIN source: pinEnv or pinFile");
    }
    if (slot.isPresent() && slot.get() < 0) {
      throw new IllegalArgumentException("custody slot must be >= 0");
    }
  }

  /** The wrapping key's label inside the token. */
  public String keyAlias() {
    return "keyquorum-custody-" + token;
  }

  /** Reads the PIN from its source; the caller zero-fills it after use. */
  public char[] readPin() throws IOException {
    byte[] raw;
    if (pinEnv.isPresent()) {
      String v = System.getenv(pinEnv.get());
      if (v == null || v.isEmpty()) {
        throw new IOException("custody PIN: environment variable " + pinEnv.get() + " is not set");
      }
      raw = v.getBytes(StandardCharsets.UTF_8);
    } else {
      if (!Files.isReadable(pinFile.get())) {
        throw new IOException("custody PIN: file " + pinFile.get() + " is missing or unreadable");
      }
      raw = Files.readAllBytes(pinFile.get());
    }
    int end = raw.length;
    while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) {
      end--;
    }
    try {
      if (end == 0 || end > MAX_PIN) {
        throw new IOException("custody PIN must be 1.." + MAX_PIN + " bytes");
      }
      CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, end));
      char[] pin = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
      Arrays.fill(chars.array(), '\0');
      return pin;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Where the PIN comes from, for messages (never the PIN). */
  public String pinSource() {
    return pinEnv.map(e -> "environment variable " + e).orElseGet(() -> "file " + pinFile.get());
  }
}
