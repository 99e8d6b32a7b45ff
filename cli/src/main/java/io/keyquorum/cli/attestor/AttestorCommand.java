package io.keyquorum.cli.attestor;

import io.keyquorum.attestor.AttestorConfig;
import io.keyquorum.attestor.AttestorNode;
import io.keyquorum.cli.ExitCodes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "Attestor configuration (YAML).")
  Path config;

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
      node = AttestorNode.start(loaded);
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
}
