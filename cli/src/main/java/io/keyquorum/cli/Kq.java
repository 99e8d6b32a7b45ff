package io.keyquorum.cli;

import io.keyquorum.cli.attestor.AttestorCommand;
import io.keyquorum.cli.attestor.AuditCommand;
import io.keyquorum.cli.policy.PolicyCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code kq} command line. Each command group (policy, and later key, datakey, dev,
 * attestor...) is its own class registered in {@link #commandLine()}.
 */
@Command(
    name = "kq",
    mixinStandardHelpOptions = true,
    versionProvider = KqVersion.class,
    description = "keyquorum: threshold key management where no single machine holds a key.",
    subcommands = {PolicyCommand.class, AttestorCommand.class, AuditCommand.class})
public final class Kq implements Callable<Integer> {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run it in-process with their own out/err writers. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Kq());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // An unexpected failure is not a decision: never let it look like allow (0) or deny (1).
          commandLine.getErr().println("kq: error: " + e);
          return ExitCodes.INVALID;
        });
    return cli;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }
}
