package io.keyquorum.cli.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.ContextOption;
import io.keyquorum.cli.session.DeliveryOption;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyResult;
import io.keyquorum.crypto.SecretAccess;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kq release --key K}: the key's material itself, if its policy grants the release capability. */
@Command(name = "release", mixinStandardHelpOptions = true,
    description = "Release a key's material (needs the release capability in the key's policy).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:denied, insufficient attestations, or unavailable", "2:usage or profile error"})
public final class ReleaseCommand extends ServiceCommand {
  @Option(names = "--key", required = true, paramLabel = "KEY", description = "Key id or alias.")
  String key;

  @Mixin ContextOption context;
  @Mixin DeliveryOption delivery;

  private Map<String, String> parsedContext;

  @Override
  protected void validate() {
    parsedContext = context.context();
  }

  @Override
  protected int run(KeyQuorumClient client, Output output) {
    try (KeyResult result = client.releaseKey(key, parsedContext, delivery.mode())) {
      byte[] material = result.secretOrThrow().toByteArray(SecretAccess.INSTANCE);
      try {
        ObjectNode root = Output.object();
        root.put("material", Output.base64(material));
        output.result(root, "key:         " + result.keyId() + " v" + result.keyVersion() + "\n"
            + "material:    " + Output.base64(material) + "\n"
            + "approved by: " + Evidence.names(result.attestations()) + "\n");
      } finally {
        Arrays.fill(material, (byte) 0);
      }
    }
    return ExitCodes.OK;
  }
}
