package io.keyquorum.cli.key;

import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.crypto.SecretBytes;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kq key rotate K}: deals a new version to the same attestors; older versions still decrypt. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
    description = "Deal a new key version; older versions stay usable for decrypt.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the new version is active", "1:the service refused or is unavailable",
        "2:usage or profile error"})
public final class KeyRotateCommand extends ServiceCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "Key id or alias.")
  String key;

  @Option(names = "--import", paramLabel = "FILE", description = "Import the new version's material from FILE.")
  Path importFile;

  @Override
  protected int run(KeyQuorumClient client, Output output) {
    Optional<SecretBytes> material = importFile == null ? Optional.empty() : Optional.of(ImportedMaterial.read(importFile));
    KeyInfo info;
    try {
      info = client.rotateKey(key, material);
    } finally {
      material.ifPresent(SecretBytes::destroy);
    }
    output.result(KeyText.json(info), "rotated\n" + KeyText.text(info));
    return ExitCodes.OK;
  }
}
