package io.keyquorum.cli.attestor;

import io.keyquorum.attestor.AttestorConfig;
import io.keyquorum.attestor.AttestorNode;
import io.keyquorum.cli.ExitCodes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kq attestor --config FILE}: run an attestor node until the process is stopped. */
@Command(
    name = "attestor",
    mixinStandardHelpOptions = true,
    description = "Run an attestor node (see docs/ATTESTOR.md).",
    subcommands = {AttestorInitCommand.class, MigrateCustodyCommand.class})
public final class AttestorCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AttestorCommand.class);

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "Attestor configuration (YAML).")
  Path config;

  // Hidden: it exists so the resilience suite can run one node beyond the allowed clock-skew window.
  @Option(names = "--clock-offset", paramLabel = "DURATION", hidden = true,
      description = "FAULT TESTING ONLY: shift this node's clock by an ISO-8601 duration, e.g. PT10M or -PT10M.")
  Duration clockOffset;

  @Override
  public Integer call() throws Exception {
    if (config == null) {
      spec.commandLine().usage(spec.commandLine().getErr());
      return ExitCodes.INVALID;
    }
    AttestorConfig loaded;
    try {
      loaded = AttestorConfig.load(config);
    } catch (IllegalArgumentException | java.io.IOException e) {
      spec.commandLine().getErr().println("kq: invalid attestor config " + config + ": " + e.getMessage());
      return ExitCodes.INVALID;
    }
    AttestorNode node;
    try {
      node = clockOffset == null || clockOffset.isZero() ? AttestorNode.start(loaded)
          : AttestorNode.start(loaded, offsetClock(loaded.nodeId()), Optional.empty());
    } catch (java.io.IOException | IllegalArgumentException | SecurityException
        | io.keyquorum.attestor.CustodyUnavailableException e) {
      // SecurityException covers a custody seal that does not open (wrong passphrase); a token
      // that cannot be opened is named (missing module, refused PIN, absent token), never skipped.
      spec.commandLine().getErr().println("kq: attestor " + loaded.nodeId() + " cannot start: " + e.getMessage());
      return ExitCodes.INVALID;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "kq-attestor-shutdown"));
    spec.commandLine().getOut().println("attestor " + node.nodeId() + " listening on port " + node.port()
        + node.statusPort().map(p -> "; /health and /metrics on port " + p).orElse(""));
    spec.commandLine().getOut().flush();
    stopped.await();
    return ExitCodes.OK;
  }

  private Clock offsetClock(String nodeId) {
    String warning = "clock offset " + clockOffset + " applied to " + nodeId + ": for fault testing only";
    LOG.warn(warning);
    return Clock.offset(Clock.systemUTC(), clockOffset);
  }
}
