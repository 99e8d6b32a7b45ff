package io.keyquorum.cli.key;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code kq key list}: every key in the registry, public metadata only. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List keys.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the service refused or is unavailable", "2:usage or profile error"})
public final class KeyListCommand extends ServiceCommand {
  @Override
  protected int run(KeyQuorumClient client, Output output) {
    List<KeyInfo> keys = client.listKeys();
    ObjectNode root = Output.object();
    ArrayNode array = root.putArray("keys");
    StringBuilder text = new StringBuilder(String.format("%-40s %-24s %-17s %s%n", "KEY", "ALIAS", "STATE", "VERSION"));
    for (KeyInfo key : keys) {
      KeyText.fill(array.addObject(), key);
      text.append(KeyText.line(key));
    }
    output.result(root, text.toString());
    return ExitCodes.OK;
  }
}
