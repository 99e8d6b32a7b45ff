package io.keyquorum.cli.policy;

import io.keyquorum.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kq policy}: work with CEL policy documents. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Work with CEL policy documents (see docs/POLICY.md).",
    subcommands = {PolicyTestCommand.class, PolicyCheckCommand.class, PolicyPutCommand.class, PolicyGetCommand.class})
public final class PolicyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }
}
