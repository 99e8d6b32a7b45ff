package io.keyquorum.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads docs/POLICY.md so that tests exercise exactly what the documentation shows. */
final class PolicyDoc {
  private static final Pattern EXAMPLE =
      Pattern.compile("<!-- example: ([a-z0-9-]+) -->\\n```(?:yaml|json)\\n(.*?)```", Pattern.DOTALL);

  private PolicyDoc() {}

  static String text() throws IOException {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path at = dir; at != null; at = at.getParent()) {
      Path doc = at.resolve("docs/POLICY.md");
      if (Files.isRegularFile(doc)) {
        return Files.readString(doc);
      }
    }
    throw new IOException("docs/POLICY.md not found above " + dir);
  }

  /** Example name to document text, in the order the page shows them. */
  static Map<String, String> examples() throws IOException {
    Map<String, String> examples = new LinkedHashMap<>();
    Matcher m = EXAMPLE.matcher(text());
    while (m.find()) {
      if (examples.put(m.group(1), m.group(2)) != null) {
        throw new IllegalStateException("example named twice: " + m.group(1));
      }
    }
    return examples;
  }
}
