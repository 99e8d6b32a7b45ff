package io.keyquorum.cli.key;

import io.keyquorum.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kq key}: create keys and manage their lifecycle. */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description = "Create, inspect and manage keys.",
    subcommands = {
      KeyCreateCommand.class, KeyListCommand.class, KeyDescribeCommand.class,
      KeyStateCommands.Enable.class, KeyStateCommands.Disable.class, KeyRotateCommand.class,
      KeyStateCommands.ScheduleDeletion.class, KeyStateCommands.CancelDeletion.class
    })
public final class KeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }
}
