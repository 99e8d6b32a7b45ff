package io.keyquorum.registry.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real writer process with SIGKILL ({@link Process#destroyForcibly()}) in the middle of a
 * stream of submits, then reopens its file: every command the process saw acknowledged must be
 * there, and the log must still be a consistent, gap-free sequence.
 */
class SingleReplicaLogCrashTest {
  @TempDir Path dir;

  @Test
  void killMinusNineMidStream_losesNoAcknowledgedCommand() throws Exception {
    Path file = dir.resolve("crash.db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LogWriterProcess.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    ConcurrentLinkedQueue<String> acks = new ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("ACK ")) {
            acks.add(line.substring(4));
          }
        }
      } catch (java.io.IOException e) {
        // Once the child is killed the JDK may close its pipe under a blocked read ("Stream
        // closed"): that is the end of its output, not a failure of the reader.
        if (!killed.get()) {
          acks.add("!reader failed: " + e.getMessage());
        }
      }
    });
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> acks.size() >= 200);
    } finally {
      killed.set(true);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    reader.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(acks).noneMatch(a -> a.startsWith("!"));

    List<CommittedBlock> blocks = new CopyOnWriteArrayList<>();
    try (SingleReplicaLog reopened = SingleReplicaLog.open(file)) {
      long height = reopened.height();
      reopened.subscribe(1, blocks::add);
      await().atMost(Duration.ofSeconds(30)).until(() -> blocks.size() == height);
    }
    List<String> committed = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      assertThat(blocks.get(i).height()).isEqualTo(i + 1);
      blocks.get(i).commands().forEach(c -> committed.add(new String(c, StandardCharsets.UTF_8)));
    }
    Set<String> committedSet = new HashSet<>(committed);
    assertThat(committedSet).as("no command committed twice").hasSize(committed.size());
    assertThat(committedSet).as("every acknowledged command survived kill -9").containsAll(acks);
    for (int t = 0; t < 4; t++) {
      String prefix = "w" + t + "-";
      List<String> mine = committed.stream().filter(c -> c.startsWith(prefix)).toList();
      for (int i = 0; i < mine.size(); i++) {
        assertThat(mine.get(i)).as("writer %d's commands are a gap-free prefix", t).isEqualTo(prefix + i);
      }
    }
  }
}
