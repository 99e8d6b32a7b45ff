package io.keyquorum.cli.dev;

import io.keyquorum.attestor.SoftHsm2;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code kq dev --custody pkcs11}: one SoftHSM2 token per attestor under
 * {@code DIR/tokens/<attestor>/} (its {@code softhsm2.conf}, token store and PINs), outside the
 * attestor's own folder, so the attestor folder alone (data, passphrase) opens nothing. Each
 * attestor's identity, sealed in software by the layout, is then moved into its token by
 * {@code kq attestor migrate-custody} run as the attestor's own process (SoftHSM2 reads
 * {@code SOFTHSM2_CONF} once per process).
 */
final class DevTokens {
  static final String DIR = "tokens";

  private DevTokens() {}

  static void provision(Path dir, List<String> ids, PrintWriter err) throws IOException, InterruptedException {
    SecureRandom random = new SecureRandom();
    for (String id : ids) {
      Path tokenDir = dir.resolve(DIR).resolve(id);
      Path conf = SoftHsm2.writeConfig(tokenDir);
      char[] soPin = secret(tokenDir.resolve("so-pin"), random);
      char[] pin = secret(tokenDir.resolve("pin"), random);
      long slot;
      try {
        slot = SoftHsm2.initToken(conf, id, soPin, pin);
      } finally {
        Arrays.fill(soPin, '\0');
        Arrays.fill(pin, '\0');
      }
      Files.writeString(dir.resolve(id).resolve("attestor.yaml"), String.join("\n",
          "custody:",
          "  type: pkcs11",
          "  module: " + SoftHsm2.MODULE,
          "  token: " + id,
          "  slot: " + slot,
          "  pinFile: ../" + DIR + "/" + id + "/pin", ""), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
    // Each migration is its own JVM (its own SOFTHSM2_CONF); run them side by side.
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(ids.size(), 4));
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (String id : ids) {
        runs.add(pool.submit(() -> NodeProcesses.runToEnd(dir.resolve(id),
            List.of("attestor", "migrate-custody", "--config", dir.resolve(id + "/attestor.yaml").toString()), 120)));
      }
      for (int i = 0; i < ids.size(); i++) {
        int exit;
        try {
          exit = runs.get(i).get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException("moving " + ids.get(i) + " into its token failed: " + e.getCause().getMessage(), e);
        }
        if (exit != 0) {
          throw new IOException("moving " + ids.get(i) + " into its token failed (exit " + exit + "; see "
              + dir.resolve(ids.get(i) + "/log") + ")");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    err.println("kq dev: " + ids.size() + " attestors keep their keys in SoftHSM2 tokens under " + dir.resolve(DIR));
  }

  /** A random hex PIN in an owner-only file; returned for the token's initialisation. */
  private static char[] secret(Path file, SecureRandom random) throws IOException {
    byte[] raw = new byte[16];
    random.nextBytes(raw);
    char[] hex = HexFormat.of().formatHex(raw).toCharArray();
    Arrays.fill(raw, (byte) 0);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    // Hex is ASCII: encode by hand rather than through a String, which could not be zeroed.
    byte[] bytes = new byte[hex.length];
    for (int i = 0; i < hex.length; i++) {
      bytes[i] = (byte) hex[i];
    }
    try {
      Files.write(file, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    return hex;
  }
}
