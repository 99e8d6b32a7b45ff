package io.keyquorum.attestor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which custody sealed a data folder, recorded beside the data in {@value #FILE} so that a node
 * configured for another custody refuses to start with a named error instead of failing to open
 * its identity, and never falls back from a token to software custody. A folder without the file
 * predates it and is software custody.
 *
 * @param type {@code software} or {@code pkcs11}
 * @param token the PKCS#11 token label ({@code ""} for software)
 */
public record CustodyKind(String type, String token) {
  public static final String FILE = "custody.kind";
  public static final CustodyKind SOFTWARE = new CustodyKind("software", "");

  public CustodyKind {
    if (!type.equals("software") && !type.equals("pkcs11")) {
      throw new IllegalArgumentException("custody type must be software or pkcs11, got " + type);
    }
    if (token.contains("\n")) {
      throw new IllegalArgumentException("token label must be one line");
    }
  }

  public static CustodyKind pkcs11(String token) {
    return new CustodyKind("pkcs11", token);
  }

  /** The kind recorded in {@code dataDir}, if any. */
  public static Optional<CustodyKind> read(Path dataDir) throws IOException {
    Path f = dataDir.resolve(FILE);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    String[] lines = Files.readString(f, StandardCharsets.UTF_8).split("\n", -1);
    return Optional.of(new CustodyKind(lines[0].trim(), lines.length > 1 ? lines[1].trim() : ""));
  }

  /** Records this kind in {@code dataDir} (atomically: write, then rename). */
  public void write(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path tmp = dataDir.resolve(FILE + ".tmp");
    Files.writeString(tmp, type + "\n" + token + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, dataDir.resolve(FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Refuses to open {@code dataDir} under {@code configured} custody when it was sealed under
   * another; the message says what to do.
   */
  public static void check(Path dataDir, CustodyKind configured) throws IOException {
    CustodyKind recorded = read(dataDir).orElse(SOFTWARE);
    if (!recorded.equals(configured)) {
      String hint = recorded.type().equals("software") && configured.type().equals("pkcs11")
          ? "; move it with `kq attestor migrate-custody`" : "";
      throw new IOException("custody mismatch: " + dataDir + " is sealed under " + recorded.describe()
          + " custody but the configuration names " + configured.describe() + hint);
    }
  }

  public String describe() {
    return type.equals("software") ? "software" : "pkcs11 (token " + token + ")";
  }
}
