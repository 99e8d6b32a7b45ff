package io.keyquorum.crypto;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Locates the shared known-answer vectors: system property {@code keyquorum.vectors} (set by
 * surefire), else {@code ../shared/vectors} from the repository root. Tests that need a file are
 * skipped, with a message saying where it was looked for, when it is absent.
 */
public final class VectorFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private VectorFiles() {}

  public static JsonNode load(String fileName) {
    Path file = dir().resolve(fileName);
    assumeTrue(Files.isRegularFile(file), "vectors not found at " + file.toAbsolutePath() + "; skipping " + fileName);
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static Path dir() {
    String configured = System.getProperty("keyquorum.vectors");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    // Module tests run with the module as working directory; the repository root is its parent.
    Path fromModule = Path.of("..", "..", "shared", "vectors");
    return Files.isDirectory(fromModule) ? fromModule : Path.of("..", "shared", "vectors");
  }

  public static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  public static byte[] hex(JsonNode node, String field) {
    return hex(node.get(field).asText());
  }
}
