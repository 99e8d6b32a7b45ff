package io.keyquorum.cli.attestor;

import io.keyquorum.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kq audit}: work with a node's hash-chained audit log. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Work with an attestor's audit log.",
    subcommands = {AuditVerifyCommand.class})
public final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }
}
