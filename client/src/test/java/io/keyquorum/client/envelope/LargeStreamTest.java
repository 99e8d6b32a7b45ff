package io.keyquorum.client.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A 1 GiB stream round-trips in a child JVM whose heap is capped at 256 MiB. */
class LargeStreamTest {
  private static final long ONE_GIB = 1L << 30;

  @Test
  void oneGibibyte_roundTripsWithin256MiBOfHeap() throws Exception {
    Path dir = Files.createTempDirectory("kq-large-stream");
    try {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          LargeStreamCheck.class.getName(), dir.toString(), Long.toString(ONE_GIB)))
          .redirectErrorStream(true).start();
      boolean done = child.waitFor(5, TimeUnit.MINUTES);
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(done).as("child finished in time; output so far: %s", output).isTrue();
      assertThat(child.exitValue()).as("child output: %s", output).isZero();
      Map<String, String> result = new HashMap<>();
      for (String line : output.split("\n")) {
        for (String part : line.trim().split(" ")) {
          int eq = part.indexOf('=');
          if (eq > 0) {
            result.put(part.substring(0, eq), part.substring(eq + 1));
          }
        }
      }
      assertThat(result.get("size")).isEqualTo(Long.toString(ONE_GIB));
      assertThat(Long.parseLong(result.get("ciphertext"))).isGreaterThan(ONE_GIB);
      assertThat(result.get("out")).isEqualTo(result.get("in")).hasSize(64);
      assertThat(Long.parseLong(result.get("maxHeap"))).isLessThanOrEqualTo(256L << 20);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
