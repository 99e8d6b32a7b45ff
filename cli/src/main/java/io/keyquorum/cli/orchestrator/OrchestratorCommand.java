package io.keyquorum.cli.orchestrator;

import io.keyquorum.cli.ExitCodes;
import io.keyquorum.orchestrator.node.OrchestratorConfig;
import io.keyquorum.orchestrator.node.OrchestratorNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kq orchestrator --config FILE}: runs an orchestrator in the foreground. Prints
 * {@code ready} on stdout once it serves clients, and runs until SIGINT or SIGTERM, when a shutdown
 * hook closes it (client server, metrics, registry replica) before the process exits.
 */
@Command(name = "orchestrator", mixinStandardHelpOptions = true,
    description = "Run an orchestrator in the foreground until SIGINT/SIGTERM (config: orchestrator/README.md).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "2:bad config, unreadable keys or TLS files, or the port is taken"})
public final class OrchestratorCommand implements Callable<Integer> {
  private static final long CLOSE_WAIT_SECONDS = 30;

  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Orchestrator YAML config.")
  Path config;

  /** Completed by the shutdown hook (or a test) to stop the node. */
  final CompletableFuture<Void> stop = new CompletableFuture<>();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OrchestratorNode node;
    try {
      node = OrchestratorNode.start(OrchestratorConfig.load(config));
    } catch (IllegalArgumentException | IOException e) {
      err.println("kq: cannot start orchestrator from " + config + ": " + e.getMessage());
      return ExitCodes.INVALID;
    }
    CountDownLatch closed = new CountDownLatch(1);
    // The hook only signals and then waits for the close below, so the replica's SQLite log is
    // closed cleanly before the JVM halts.
    Thread hook = new Thread(() -> {
      stop.complete(null);
      try {
        closed.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "kq-orchestrator-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    err.println("kq: orchestrator serving clients on port " + node.clientPort()
        + (node.metricsPort() > 0 ? ", metrics on port " + node.metricsPort() : ""));
    err.flush();
    out.println("ready");
    out.flush();
    try {
      stop.join();
    } finally {
      node.close();
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already running the hook; it has just been released by closed.countDown().
        err.println("kq: orchestrator stopped");
      }
    }
    return ExitCodes.OK;
  }
}
