package io.keyquorum.cli.dev;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Spawns {@code kq dev} as its own process (this test's classpath) and cleans up every node it started. */
final class DevProcesses {
  private DevProcesses() {}

  /** A running {@code kq dev} and the lines it printed on stdout so far. */
  record Dev(Process process, List<String> stdout, Path stderr) {}

  static Dev start(Path dir, Path stderr, String... extra) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> argv = new java.util.ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), "io.keyquorum.cli.Kq", "dev", "--dir", dir.toString()));
    argv.addAll(List.of(extra));
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      } catch (IOException ended) {
        lines.add("<stdout closed: " + ended.getMessage() + ">");
      }
    }, "kq-dev-stdout");
    reader.setDaemon(true);
    reader.start();
    return new Dev(p, lines, stderr);
  }

  static void awaitReady(Dev dev, Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(200)).failFast("kq dev exited: " + stderrOf(dev),
        () -> !dev.process().isAlive()).until(() -> dev.stdout().contains("ready"));
  }

  static String stderrOf(Dev dev) {
    try {
      return Files.readString(dev.stderr());
    } catch (IOException e) {
      return "<no stderr: " + e.getMessage() + ">";
    }
  }

  static long pid(Path dir, String node) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve(node + "/pid")).trim());
  }

  /** Kills every node whose pid file is in {@code dir}, so a failed test leaks no JVMs. */
  static void killAllNodes(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> nodes = Files.list(dir)) {
      for (Path node : nodes.toList()) {
        Path pidFile = node.resolve("pid");
        if (Files.exists(pidFile)) {
          ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }
}
