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

/**
 * {@code kq datakey}: a fresh 256-bit data key, in plaintext and as a ciphertext blob under the
 * key, with the signed attestations that approved it. Store the blob, use the plaintext, drop it.
 */
@Command(name = "datakey", mixinStandardHelpOptions = true,
    description = "Generate a data key: plaintext and ciphertext blob, with the approving attestations.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:denied, insufficient attestations, or the service is unavailable",
        "2:usage or profile error"})
public final class DatakeyCommand extends ServiceCommand {
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
    try (KeyResult result = client.generateDataKey(key, parsedContext, delivery.mode())) {
      byte[] plaintext = result.secretOrThrow().toByteArray(SecretAccess.INSTANCE);
      try {
        String blob = Output.base64(result.blobOrThrow());
        ObjectNode root = Output.object();
        root.put("keyId", result.keyId());
        root.put("keyVersion", result.keyVersion());
        root.put("plaintext", Output.base64(plaintext));
        root.put("ciphertextBlob", blob);
        Evidence.put(root, result.attestations());
        output.result(root, "key:            " + result.keyId() + " v" + result.keyVersion() + "\n"
            + "plaintext:      " + Output.base64(plaintext) + "\n"
            + "ciphertextBlob: " + blob + "\n"
            + "approved by:    " + Evidence.names(result.attestations()) + "\n");
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
    return ExitCodes.OK;
  }
}
