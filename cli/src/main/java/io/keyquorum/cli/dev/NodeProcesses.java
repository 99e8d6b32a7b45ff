package io.keyquorum.cli.dev;

import io.keyquorum.attestor.SoftHsm2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The dev network's nodes, each its own OS process running this same classpath
 * ({@code java -cp CP io.keyquorum.cli.Kq attestor|orchestrator --config ...}), with its pid in
 * {@code DIR/<node>/pid} and stdout and stderr in {@code DIR/<node>/log}.
 */
final class NodeProcesses implements AutoCloseable {
  private final Map<String, Process> running = new LinkedHashMap<>();

  /** Starts {@code kq <command> --config <config>} for the node in {@code nodeDir}. */
  Process start(Path nodeDir, String command, Path config) throws IOException {
    Process p = spawn(nodeDir, List.of(command, "--config", config.toString()));
    Files.writeString(nodeDir.resolve("pid"), p.pid() + "\n");
    running.put(nodeDir.getFileName().toString(), p);
    return p;
  }

  /** Runs {@code kq <args>} for the node to completion (output to its log); returns the exit code. */
  static int runToEnd(Path nodeDir, List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
    Process p = spawn(nodeDir, args);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("kq " + String.join(" ", args) + " for " + nodeDir.getFileName() + " did not finish in "
          + timeoutSeconds + " s");
    }
    return p.exitValue();
  }

  /**
   * The node's own SoftHSM2 configuration, {@code DIR/tokens/<node>/softhsm2.conf}, when its custody
   * is a dev token: SoftHSM2 reads {@code SOFTHSM2_CONF} once per process, so each node process
   * gets its own in its environment.
   */
  static Optional<Path> tokenConf(Path nodeDir) {
    Path conf = nodeDir.getParent().resolve(DevTokens.DIR).resolve(nodeDir.getFileName().toString())
        .resolve("softhsm2.conf");
    return Files.isRegularFile(conf) ? Optional.of(conf) : Optional.empty();
  }

  private static Process spawn(Path nodeDir, List<String> kqArgs) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    // C1 only on purpose: the full JIT makes Ed25519/X25519 about 1.5 times cheaper once compiled,
    // but with six JVMs on two cores its C2 threads still took 40-45 % of every node's CPU three
    // minutes after start, so within runs of minutes C1 costs less (docs/benchmarks/profile.md).
    List<String> argv = new ArrayList<>(List.of(java, "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), "io.keyquorum.cli.Kq"));
    argv.addAll(kqArgs);
    Path log = nodeDir.resolve("log");
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    tokenConf(nodeDir).ifPresent(conf -> pb.environment().put(SoftHsm2.CONF_ENV, conf.toString()));
    return pb.start();
  }

  /**
   * A node of {@code dir} whose pid file names a live Java process, if any: rerunning {@code kq dev}
   * over running nodes would only collide on their ports.
   */
  static Optional<String> aliveNode(Path dir) throws IOException {
    try (Stream<Path> nodes = Files.list(dir)) {
      for (Path node : nodes.sorted().toList()) {
        Path pidFile = node.resolve("pid");
        if (Files.isRegularFile(pidFile)) {
          String text = Files.readString(pidFile).trim();
          boolean alive = text.matches("[0-9]{1,18}") && ProcessHandle.of(Long.parseLong(text))
              .filter(ProcessHandle::isAlive)
              .flatMap(h -> h.info().command())
              .map(c -> c.contains("java"))
              .orElse(false);
          if (alive) {
            return Optional.of(node.getFileName() + " (pid " + text + ")");
          }
        }
      }
    }
    return Optional.empty();
  }

  /** SIGTERM to every node, then waits (each node closes its stores in its shutdown hook). */
  @Override
  public void close() {
    running.values().forEach(Process::destroy);
    for (Process p : running.values()) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
