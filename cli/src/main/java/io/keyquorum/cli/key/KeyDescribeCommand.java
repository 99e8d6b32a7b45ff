package io.keyquorum.cli.key;

import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kq key describe K}: one key's state, versions and their attestors. */
@Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a key's state and versions.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:no such key, or the service is unavailable", "2:usage or profile error"})
public final class KeyDescribeCommand extends ServiceCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "Key id or alias.")
  String key;

  @Override
  protected int run(KeyQuorumClient client, Output output) {
    KeyInfo info = client.describeKey(key);
    output.result(KeyText.json(info), KeyText.text(info));
    return ExitCodes.OK;
  }
}
