package io.keyquorum.cli.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Bounded reads of the files the policy commands take. */
final class PolicyFiles {
  private PolicyFiles() {}

  /** Reads at most one byte past {@code limit}, so the parser reports the size, cheaply. */
  static byte[] read(Path file, int limit) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(limit + 1);
    }
  }

  static String describe(IOException e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
