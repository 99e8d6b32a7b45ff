package io.keyquorum.cli.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.AdminOption;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kq policy put K --file F}: replaces a key's policy (admin-signed). The file is compiled
 * locally first; the registry accepts it only if the key's policy version has not moved since
 * it was read (compare-and-set), so two admins cannot silently overwrite each other.
 */
@Command(name = "put", mixinStandardHelpOptions = true,
    description = "Replace a key's policy (admin); the file is compiled locally before it is sent.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the policy was committed", "1:refused by the network or unavailable",
        "2:the policy does not compile (rule index and position shown), or usage error"})
public final class PolicyPutCommand extends ServiceCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "Key id or alias.")
  String key;

  @Option(names = "--file", required = true, paramLabel = "FILE", description = "Policy document, YAML or JSON.")
  Path file;

  @Mixin AdminOption admin;

  private PolicyUpload.Checked checked;

  @Override
  protected void validate() {
    checked = PolicyUpload.readChecked(file);
  }

  @Override
  protected int run(KeyQuorumClient client, Output output) {
    KeyInfo before = client.describeKey(key);
    long height = admin.signAs(client, profile,
        commands -> commands.putKeyPolicy(before.keyId(), before.policyVersion(), checked.text()));
    long version = client.describeKey(before.keyId()).policyVersion();
    ObjectNode root = Output.object();
    root.put("keyId", before.keyId());
    root.put("policyVersion", version);
    root.put("registryHeight", height);
    PolicyWarnings.addTo(root, checked.warnings());
    if (!output.json()) {
      PolicyWarnings.print(output.err(), file, checked.warnings());
    }
    output.result(root, "policy of " + before.keyId() + " is now version " + version
        + " (registry height " + height + ")\n");
    return ExitCodes.OK;
  }
}
