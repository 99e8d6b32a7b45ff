package io.keyquorum.cli;

import io.keyquorum.cli.attestor.AttestorCommand;
import io.keyquorum.cli.attestor.AuditCommand;
import io.keyquorum.cli.bench.BenchCommand;
import io.keyquorum.cli.clients.ClientCommand;
import io.keyquorum.cli.data.DatakeyCommand;
import io.keyquorum.cli.dev.DevCommand;
import io.keyquorum.cli.data.DecryptCommand;
import io.keyquorum.cli.data.DecryptFileCommand;
import io.keyquorum.cli.data.EncryptFileCommand;
import io.keyquorum.cli.data.ReleaseCommand;
import io.keyquorum.cli.key.KeyCommand;
import io.keyquorum.cli.kms.KmsEndpointCommand;
import io.keyquorum.cli.network.NetworkCommand;
import io.keyquorum.cli.orchestrator.OrchestratorCommand;
import io.keyquorum.cli.policy.PolicyCommand;
import io.keyquorum.cli.status.StatusCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code kq} command line. Each command or command group is its own class, listed below;
 * docs/CLI.md documents them and their exit codes (0 success, 1 refused, 2 usage or config).
 */
@Command(
    name = "kq",
    mixinStandardHelpOptions = true,
    versionProvider = KqVersion.class,
    description = "keyquorum: threshold key management where no single machine holds a key.",
    subcommands = {
      PolicyCommand.class,
      KeyCommand.class, DatakeyCommand.class, DecryptCommand.class, ReleaseCommand.class, ClientCommand.class,
      EncryptFileCommand.class, DecryptFileCommand.class, StatusCommand.class, BenchCommand.class,
      AttestorCommand.class, OrchestratorCommand.class, AuditCommand.class, NetworkCommand.class, DevCommand.class,
      KmsEndpointCommand.class,
    })
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
