package io.keyquorum.resilience.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One node as its own JVM: {@code java -cp <test classpath> io.keyquorum.cli.Kq attestor|orchestrator
 * --config FILE [extra]}, stdout and stderr appended to {@code <node dir>/log}. It can be killed
 * with SIGKILL, stopped with SIGTERM, and restarted on the same data directory; an attestor can
 * also be restarted on a shifted clock, through the test-only {@link SkewedAttestor} main class.
 */
public final class NodeProcess {
  private final String id;
  private final String command;
  private final Path config;
  private volatile Process process;

  NodeProcess(String id, String command, Path config) {
    this.id = id;
    this.command = command;
    this.config = config;
  }

  public String id() {
    return id;
  }

  public Path directory() {
    return config.getParent();
  }

  public synchronized void start() throws IOException {
    launch(List.of("io.keyquorum.cli.Kq", command, "--config", config.toString()), "");
  }

  /** Starts an attestor whose clock runs {@code offset} away from the system clock ({@link SkewedAttestor}). */
  public synchronized void startWithClockOffset(Duration offset) throws IOException {
    if (!command.equals("attestor")) {
      throw new IllegalStateException(id + " is not an attestor");
    }
    launch(List.of(SkewedAttestor.class.getName(), config.toString(), offset.toString()), "clock offset " + offset);
  }

  private void launch(List<String> mainAndArguments, String note) throws IOException {
    if (isAlive()) {
      throw new IllegalStateException(id + " is already running (pid " + process.pid() + ")");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> argv = new ArrayList<>(List.of(java, "-Xmx192m", "-Xss512k", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
    argv.addAll(mainAndArguments);
    Path log = directory().resolve("log");
    Files.writeString(log, "=== start " + note + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    process = new ProcessBuilder(argv).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. Returns once the process is gone. */
  public synchronized void kill() throws InterruptedException {
    stop(true);
  }

  /** SIGTERM: the node's shutdown hook closes its stores. */
  public synchronized void terminate() throws InterruptedException {
    stop(false);
  }

  private void stop(boolean forcibly) throws InterruptedException {
    Process p = process;
    if (p == null) {
      return;
    }
    if (forcibly) {
      p.destroyForcibly();
    } else {
      p.destroy();
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(id + " (pid " + p.pid() + ") survived SIGKILL");
      }
    }
    process = null;
  }

  /** SIGKILL without waiting: for cleanup, including from a shutdown hook. */
  void destroyNow() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
  }

  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  public Optional<Long> pid() {
    return Optional.ofNullable(process).map(Process::pid);
  }

  /** The last lines of the node's log, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(directory().resolve("log"));
      return id + " log:\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return id + ": no log (" + e.getMessage() + ")";
    }
  }
}
