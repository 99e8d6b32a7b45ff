package io.keyquorum.cli.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.ContextOption;
import io.keyquorum.cli.session.RecordedDeliveryOption;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
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
 * {@code kq decrypt-file}: decrypts a file made by {@code kq encrypt}. The plaintext is written to
 * a temporary file and renamed into place only after every chunk authenticated, so a tampered or
 * truncated file never leaves partial plaintext at {@code --out}. The file's header stores its
 * encryption context, so {@code --context} is optional; entries given must match the header's.
 */
@Command(name = "decrypt-file", mixinStandardHelpOptions = true,
    description = {"Decrypt a file made by kq encrypt (streaming; output appears only if all of it verifies).",
        "The file records its encryption context; any --context given must match it, entry by entry."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:denied, wrong context, tampered or truncated file, or unavailable",
        "2:usage, profile or file error"})
public final class DecryptFileCommand extends ServiceCommand {
  @Option(names = "--in", required = true, paramLabel = "FILE.kq", description = "Encrypted file.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Plaintext output file.")
  Path out;

  @Mixin ContextOption context;
  @Mixin RecordedDeliveryOption delivery;

  private Map<String, String> parsedContext;

  @Override
  protected void validate() {
    parsedContext = context.context();
    FileArguments.check(in, out);
  }

  @Override
  protected int run(KeyQuorumClient client, Output output) throws IOException {
    long size = Files.size(in);
    long bytes = new EnvelopeFiles(client, KeyQuorumClient.DEFAULT_DELIVERY, delivery.override())
        .decryptFile(in, out, parsedContext, ProgressBar.forFile(output.err(), size));
    ObjectNode root = Output.object();
    root.put("in", in.toString());
    root.put("out", out.toString());
    root.put("plaintextBytes", bytes);
    output.result(root, "decrypted " + bytes + " bytes to " + out + "\n");
    return ExitCodes.OK;
  }
}
