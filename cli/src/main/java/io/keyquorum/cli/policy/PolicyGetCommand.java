package io.keyquorum.cli.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
import io.keyquorum.client.KeyPolicy;
import io.keyquorum.client.KeyQuorumClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kq policy get K}: the key's current policy document, verbatim, so it can be edited and put back. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Print a key's current policy document.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:no such key, or unavailable", "2:usage or profile error"})
public final class PolicyGetCommand extends ServiceCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "Key id or alias.")
  String key;

  @Override
  protected int run(KeyQuorumClient client, Output output) {
    KeyPolicy policy = client.keyPolicy(key);
    ObjectNode root = Output.object();
    root.put("keyId", policy.keyId());
    root.put("policyVersion", policy.version());
    root.put("document", policy.document());
    String text = policy.document().endsWith("\n") ? policy.document() : policy.document() + "\n";
    output.result(root, text);
    return ExitCodes.OK;
  }
}
