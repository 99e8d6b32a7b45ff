package io.keyquorum.cli.network;

import io.keyquorum.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kq network genesis --dir DIR}: submits the signed genesis once the attestors run. */
@Command(name = "genesis", mixinStandardHelpOptions = true,
    description = "Submit DIR/genesis/*.cmd to the running attestors and wait until committed (once).")
public final class NetworkGenesisCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory written by network init.")
  Path dir;

  @Option(names = "--timeout-seconds", defaultValue = "60", description = "How long to wait for commit.")
  int timeoutSeconds;

  @Override
  public Integer call() {
    if (GenesisSubmission.submitted(dir)) {
      spec.commandLine().getErr().println("kq: genesis already submitted (" + dir.resolve(GenesisSubmission.MARKER) + ")");
      return ExitCodes.INVALID;
    }
    try {
      GenesisSubmission.submit(dir, Duration.ofSeconds(timeoutSeconds));
    } catch (IOException e) {
      spec.commandLine().getErr().println("kq: genesis not committed: " + e.getMessage());
      return ExitCodes.DENIED;
    } catch (IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("kq: genesis failed: " + e.getMessage());
      return ExitCodes.INVALID;
    }
    spec.commandLine().getOut().println("genesis committed");
    return ExitCodes.OK;
  }
}
