package io.keyquorum.attestor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * SoftHSM2 tokens for development and tests ({@code kq dev --custody pkcs11}). A production token
 * is initialised with its vendor's tools; this only drives {@code softhsm2-util}.
 *
 * <p>SoftHSM2 reads {@code SOFTHSM2_CONF} once per process, so every process that uses a token
 * must be started with that variable already set; this class sets it only for the
 * {@code softhsm2-util} it runs.
 */
public final class SoftHsm2 {
  /** Where Debian's {@code softhsm2} package puts the module. */
  public static final Path MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  public static final String CONF_ENV = "SOFTHSM2_CONF";
  private static final String SLOT_MARKER = "reassigned to slot ";

  private SoftHsm2() {}

  /** Why SoftHSM2 cannot be used here, with what to install; empty when it can. */
  public static Optional<String> missing() {
    boolean util = onPath("softhsm2-util");
    boolean script = onPath("script");
    if (Files.isRegularFile(MODULE) && util && script) {
      return Optional.empty();
    }
    return Optional.of("SoftHSM2 is not installed (" + (Files.isRegularFile(MODULE) ? "" : MODULE + " missing; ")
        + (util ? "" : "softhsm2-util not on PATH; ") + (script ? "" : "script (util-linux) not on PATH; ")
        + "install it with: apt-get install -y softhsm2)");
  }

  /** Writes {@code dir/softhsm2.conf} whose tokens live in {@code dir/store}; returns the conf. */
  public static Path writeConfig(Path dir) throws IOException {
    Path store = dir.resolve("store");
    Files.createDirectories(store);
    Path conf = dir.resolve("softhsm2.conf");
    Files.writeString(conf, "directories.tokendir = " + store.toAbsolutePath() + "\n"
        + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
    return conf;
  }

  /**
   * Initialises a new token labelled {@code label} in the first free slot of {@code conf} and
   * returns its slot id. The PINs reach {@code softhsm2-util} through a pseudo-terminal
   * ({@code script}), never its command line, where other local users could read them.
   */
  public static long initToken(Path conf, String label, char[] soPin, char[] pin) throws IOException {
    missing().ifPresent(m -> {
      throw new IllegalStateException(m);
    });
    if (!label.matches("[A-Za-z0-9._@-]{1,32}")) {
      // The label goes into the command script runs: keep it to characters no shell interprets.
      throw new IllegalArgumentException("token label must be 1..32 of [A-Za-z0-9._@-], got " + label);
    }
    ProcessBuilder pb = new ProcessBuilder(List.of("script", "-qec",
        "softhsm2-util --init-token --free --label " + label, "/dev/null")).redirectErrorStream(true);
    pb.environment().put(CONF_ENV, conf.toAbsolutePath().toString());
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      for (char[] secret : List.of(soPin, soPin, pin, pin)) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] line = Arrays.copyOf(b.array(), b.limit() + 1);
        line[b.limit()] = '\n';
        in.write(line);
        Arrays.fill(line, (byte) 0);
        Arrays.fill(b.array(), (byte) 0);
      }
    }
    // The pseudo-terminal echoes what was typed: read it all, keep only the slot number, zero the rest.
    byte[] out = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("softhsm2-util could not initialise token " + label + " (exit "
            + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted initialising token " + label, e);
    }
    try {
      return slotOf(out).orElseThrow(() -> new IOException("softhsm2-util initialised token " + label
          + " but named no slot"));
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  /** The digits after "reassigned to slot " in {@code out}, read without decoding the rest. */
  private static Optional<Long> slotOf(byte[] out) {
    byte[] marker = SLOT_MARKER.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + marker.length <= out.length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (out[i + j] != marker[j]) {
          continue outer;
        }
      }
      long slot = 0;
      int k = i + marker.length;
      int digits = 0;
      for (; k < out.length && out[k] >= '0' && out[k] <= '9' && digits < 18; k++, digits++) {
        slot = slot * 10 + (out[k] - '0');
      }
      return digits == 0 ? Optional.empty() : Optional.of(slot);
    }
    return Optional.empty();
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null && Arrays.stream(path.split(java.io.File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
  }
}
