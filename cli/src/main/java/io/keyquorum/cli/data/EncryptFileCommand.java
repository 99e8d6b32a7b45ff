package io.keyquorum.cli.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.ContextOption;
import io.keyquorum.cli.session.DeliveryOption;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
import io.keyquorum.cli.session.UsageException;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.envelope.EnvelopeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kq encrypt}: envelope-encrypts a file of any size with a fresh data key (whose blob goes
 * in the output's header), streaming in chunks; the output appears only once complete.
 */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
    description = "Encrypt a file (streaming, any size) under a fresh data key from KEY.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:denied, insufficient attestations, or unavailable",
        "2:usage, profile or file error"})
public final class EncryptFileCommand extends ServiceCommand {
  @Option(names = "--key", required = true, paramLabel = "KEY", description = "Key id or alias.")
  String key;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Plaintext file.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "FILE.kq", description = "Encrypted output file.")
  Path out;

  @Mixin ContextOption context;
  @Mixin DeliveryOption delivery;

  private Map<String, String> parsedContext;

  @Override
  protected void validate() {
    parsedContext = context.context();
    FileArguments.check(in, out);
  }

  @Override
  protected int run(KeyQuorumClient client, Output output) throws IOException {
    long size = Files.size(in);
    long bytes = new EnvelopeFiles(client, delivery.mode())
        .encryptFile(in, out, key, parsedContext, ProgressBar.forFile(output.err(), size));
    ObjectNode root = Output.object();
    root.put("in", in.toString());
    root.put("out", out.toString());
    root.put("plaintextBytes", bytes);
    root.put("ciphertextBytes", Files.size(out));
    output.result(root, "encrypted " + bytes + " bytes to " + out + "\n");
    return ExitCodes.OK;
  }
}
