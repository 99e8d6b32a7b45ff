package io.keyquorum.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The vectors ship with the repository, each with its origin, and a missing one fails. */
class VectorFilesTest {

  @Test
  void everyFileInSources_isOnTheClasspathAndParses() throws IOException {
    List<String> listed = listedFiles();
    assertThat(listed).as("files named in SOURCES.md").hasSize(8);
    for (String file : listed) {
      assertThat(VectorFiles.load(file).size()).as(file + ": entries").isPositive();
    }
  }

  @Test
  void missingVectorFile_failsInsteadOfSkipping() {
    assertThatThrownBy(() -> VectorFiles.load("no-such-vectors.json"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-vectors.json");
  }

  private static List<String> listedFiles() throws IOException {
    try (InputStream in = VectorFiles.class.getClassLoader().getResourceAsStream(VectorFiles.DIR + "SOURCES.md")) {
      assertThat(in).as("vectors/SOURCES.md").isNotNull();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("(?m)^\\| `([^`]+\\.json)` \\|").matcher(text);
      List<String> files = new ArrayList<>();
      while (m.find()) {
        files.add(m.group(1));
      }
      return files;
    }
  }
}
