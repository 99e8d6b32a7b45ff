package io.keyquorum.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * Loads the known-answer vectors that live in this module's test resources ({@code vectors/},
 * with their origins in {@code vectors/SOURCES.md}). A missing file fails the test that needs it:
 * a known-answer test that silently skips proves nothing.
 */
public final class VectorFiles {
  static final String DIR = "vectors/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private VectorFiles() {}

  public static JsonNode load(String fileName) {
    try (InputStream in = VectorFiles.class.getClassLoader().getResourceAsStream(DIR + fileName)) {
      if (in == null) {
        throw new IllegalStateException("known-answer vectors " + DIR + fileName
            + " are not on the test classpath; they belong in crypto/src/test/resources/" + DIR);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + DIR + fileName, e);
    }
  }

  public static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  public static byte[] hex(JsonNode node, String field) {
    return hex(node.get(field).asText());
  }
}
