package io.keyquorum.cli.clients;

import io.keyquorum.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kq client}: manage the clients registered in the network (admin). */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Manage registered clients (admin).",
    subcommands = {ClientRegisterCommand.class})
public final class ClientCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }
}
