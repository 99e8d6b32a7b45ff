package io.keyquorum.cli.attestor;

import io.keyquorum.attestor.AttestorConfig;
import io.keyquorum.attestor.AttestorIdentity;
import io.keyquorum.attestor.CustodyKey;
import io.keyquorum.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kq attestor init --config FILE}: create the node's identity keys, sealed under the
 * custody key, and print the public halves for genesis.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Create a node identity (signing and HPKE keys) sealed under the custody key.")
public final class AttestorInitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Attestor configuration (YAML).")
  Path config;

  @Override
  public Integer call() {
    try {
      AttestorConfig c = AttestorConfig.load(config);
      Files.createDirectories(c.dataDir());
      SecureRandom random = new SecureRandom();
      try (CustodyKey custody = CustodyKey.open(c.dataDir(), c.passphraseFile(), c.scryptN(), CustodyKey.DEFAULT_R,
          CustodyKey.DEFAULT_P, random);
          AttestorIdentity identity = AttestorIdentity.generate(c.nodeId(), random)) {
        identity.store(c.dataDir(), custody);
        spec.commandLine().getOut().print(identity.publicDescription());
        spec.commandLine().getOut().flush();
      }
      return ExitCodes.OK;
    } catch (IOException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("kq: attestor init failed: " + e.getMessage());
      return ExitCodes.INVALID;
    }
  }
}
