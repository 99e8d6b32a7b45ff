package io.keyquorum.cli.network;

import io.keyquorum.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kq network}: lay out a multi-host network ({@code init}) and found it ({@code genesis}). */
@Command(name = "network", mixinStandardHelpOptions = true,
    description = "Create a network's files (init) and submit its genesis (genesis); see docs/OPERATIONS.md.",
    subcommands = {NetworkInitCommand.class, NetworkGenesisCommand.class})
public final class NetworkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }
}
