package io.keyquorum.cli.data;

import io.keyquorum.cli.session.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on --in/--out before any request is made, so a typo costs no attestation round. */
final class FileArguments {
  private FileArguments() {}

  static void check(Path in, Path out) {
    if (!Files.isRegularFile(in) || !Files.isReadable(in)) {
      throw new UsageException("--in " + in + " is not a readable file");
    }
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UsageException("--out " + out + ": directory " + dir + " does not exist");
    }
    try {
      if (Files.exists(out) && Files.isSameFile(in, out)) {
        throw new UsageException("--in and --out are the same file");
      }
    } catch (IOException e) {
      throw new UsageException("--out " + out + ": " + e.getMessage(), e);
    }
  }
}
