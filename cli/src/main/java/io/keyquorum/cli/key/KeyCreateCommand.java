package io.keyquorum.cli.key;

import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.policy.PolicyUpload;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
import io.keyquorum.cli.session.UsageException;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.crypto.SecretBytes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kq key create}: asks the orchestrator to deal a new key to the chosen attestors and waits
 * until every attestor has acknowledged its share (the key is then ENABLED) or one complained.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a key: deal shares to attestors and wait until every one acknowledges.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the key was created", "1:the service refused or is unavailable",
        "2:usage, profile or policy error"})
public final class KeyCreateCommand extends ServiceCommand {
  @Option(names = "--alias", required = true, paramLabel = "ALIAS", description = "Unique alias for the key.")
  String alias;

  @Option(names = "--threshold", paramLabel = "T",
      description = "Shares needed to use the key (default: a majority of the attestors, n/2+1).")
  Integer threshold;

  @Option(names = "--attestors", split = ",", paramLabel = "ID",
      description = "Comma-separated attestor ids (default: every attestor in the network).")
  List<String> attestors;

  @Option(names = "--policy", paramLabel = "FILE",
      description = "Key policy (YAML or JSON), compiled locally first (default: allow only this client).")
  Path policyFile;

  @Option(names = "--import", paramLabel = "FILE",
      description = "Import key material from FILE (1 to 4096 raw bytes) instead of generating 32 random bytes.")
  Path importFile;

  private String policy;

  @Override
  protected void validate() {
    policy = policyFile == null ? ownerOnlyPolicy(profile.clientId()) : PolicyUpload.readCompiled(policyFile);
    if (threshold != null && threshold < 1) {
      throw new UsageException("--threshold must be at least 1");
    }
  }

  @Override
  protected int run(KeyQuorumClient client, Output output) throws IOException {
    List<String> set = attestors != null && !attestors.isEmpty() ? attestors
        : client.network().getAttestorsList().stream().map(a -> a.getAttestorId()).toList();
    int t = threshold != null ? threshold : set.size() / 2 + 1;
    if (t > set.size()) {
      throw new UsageException("--threshold " + t + " exceeds the " + set.size() + " attestors");
    }
    Optional<SecretBytes> material = importFile == null ? Optional.empty() : Optional.of(ImportedMaterial.read(importFile));
    KeyInfo key;
    try {
      key = client.createKey(alias, set, t, policy, material);
    } finally {
      material.ifPresent(SecretBytes::destroy);
    }
    output.result(KeyText.json(key), "created\n" + KeyText.text(key));
    return ExitCodes.OK;
  }

  /** The default policy: only the creating client may use the key, for any capability. */
  static String ownerOnlyPolicy(String clientId) {
    return "policy: owner-only\nrules:\n  - effect: allow\n    when: client.id == \"" + clientId + "\"\n";
  }
}
