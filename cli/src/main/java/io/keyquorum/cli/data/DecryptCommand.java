package io.keyquorum.cli.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.ContextOption;
import io.keyquorum.cli.session.RecordedDeliveryOption;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
import io.keyquorum.cli.session.UsageException;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyResult;
import io.keyquorum.crypto.SecretAccess;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kq decrypt --blob B64}: opens a ciphertext blob; the context must be the one it was sealed with. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
    description = "Decrypt a ciphertext blob (from datakey or encrypt) under its key and context.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:denied, wrong context (invalid-ciphertext), or unavailable",
        "2:usage or profile error"})
public final class DecryptCommand extends ServiceCommand {
  @Option(names = "--blob", required = true, paramLabel = "B64", description = "Ciphertext blob, base64.")
  String blob;

  @Mixin ContextOption context;
  @Mixin RecordedDeliveryOption delivery;

  private Map<String, String> parsedContext;
  private byte[] blobBytes;

  @Override
  protected void validate() {
    parsedContext = context.context();
    try {
      blobBytes = Base64.getDecoder().decode(blob.trim());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--blob is not base64: " + e.getMessage(), e);
    }
  }

  @Override
  protected int run(KeyQuorumClient client, Output output) {
    try (KeyResult result = delivery.override().isPresent()
        ? client.decrypt(blobBytes, parsedContext, delivery.override().get())
        : client.decrypt(blobBytes, parsedContext)) {
      byte[] plaintext = result.secretOrThrow().toByteArray(SecretAccess.INSTANCE);
      try {
        ObjectNode root = Output.object();
        root.put("plaintext", Output.base64(plaintext));
        output.result(root, "plaintext: " + Output.base64(plaintext) + "\n");
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
    return ExitCodes.OK;
  }
}
