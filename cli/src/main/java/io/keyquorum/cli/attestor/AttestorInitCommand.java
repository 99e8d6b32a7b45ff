package io.keyquorum.cli.attestor;

import io.keyquorum.attestor.AttestorConfig;
import io.keyquorum.attestor.AttestorIdentity;
import io.keyquorum.attestor.Custodies;
import io.keyquorum.attestor.Custody;
import io.keyquorum.attestor.CustodyUnavailableException;
import io.keyquorum.attestor.Pkcs11Custody;
import io.keyquorum.attestor.Pkcs11Settings;
import io.keyquorum.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kq attestor init --config FILE [--custody pkcs11 ...]}: create the node's identity keys,
 * sealed under the custody key, and print the public halves for genesis. With PKCS#11 custody it
 * first generates the custody key inside the token (the key ceremony, docs/ATTESTOR.md).
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Create a node identity (signing and HPKE keys) sealed under the custody key.")
public final class AttestorInitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Attestor configuration (YAML).")
  Path config;

  @Option(names = "--custody", paramLabel = "KIND",
      description = "software (a passphrase-derived key) or pkcs11 (a key generated inside a token); "
          + "default: what the config's custody section names.")
  String custody;

  @Option(names = "--module", paramLabel = "PATH", description = "pkcs11: the token's PKCS#11 library.")
  Path module;

  @Option(names = "--token", paramLabel = "LABEL", description = "pkcs11: the token's label.")
  String token;

  @Option(names = "--slot", paramLabel = "ID", description = "pkcs11: the slot id (default: the first token).")
  Long slot;

  // The PIN is never an option value: other local users can read a command line.
  @Option(names = "--pin-env", paramLabel = "VAR", description = "pkcs11: environment variable holding the user PIN.")
  String pinEnv;

  @Option(names = "--pin-file", paramLabel = "FILE", description = "pkcs11: file holding the user PIN.")
  Path pinFile;

  @Override
  public Integer call() {
    try {
      AttestorConfig c = AttestorConfig.load(config);
      Optional<Pkcs11Settings> hsm = pkcs11(c);
      if (hsm.isPresent() && !c.pkcs11().equals(hsm)) {
        spec.commandLine().getErr().println("kq: note: add this custody section to " + config
            + " so the attestor opens the same token:\n" + yaml(hsm.get()));
      }
      Path sealed = c.dataDir().resolve(AttestorIdentity.SEALED_FILE);
      if (Files.exists(sealed)) {
        throw new IOException(sealed + " already exists; refusing to replace a node identity");
      }
      Files.createDirectories(c.dataDir());
      SecureRandom random = new SecureRandom();
      try (Custody custody = hsm.isPresent() ? Pkcs11Custody.create(hsm.get(), random)
              : Custodies.software(c, random);
          AttestorIdentity identity = AttestorIdentity.generate(c.nodeId(), random)) {
        identity.store(c.dataDir(), custody);
        custody.kind().write(c.dataDir());
        spec.commandLine().getOut().print(identity.publicDescription());
        spec.commandLine().getOut().println("custody: " + custody.kind().describe());
        spec.commandLine().getOut().flush();
      }
      return ExitCodes.OK;
    } catch (IOException | IllegalArgumentException | IllegalStateException | CustodyUnavailableException e) {
      spec.commandLine().getErr().println("kq: attestor init failed: " + e.getMessage());
      return ExitCodes.INVALID;
    }
  }

  /** The token named by the options, else the config's; empty for software custody. */
  private Optional<Pkcs11Settings> pkcs11(AttestorConfig c) {
    boolean anyFlag = module != null || token != null || slot != null || pinEnv != null || pinFile != null;
    if (custody == null && !anyFlag) {
      return c.pkcs11();
    }
    if ("software".equals(custody) && !anyFlag) {
      if (c.pkcs11().isPresent()) {
        throw new IllegalArgumentException("--custody software, but " + config + " names pkcs11 custody");
      }
      return Optional.empty();
    }
    if (!"pkcs11".equals(custody)) {
      throw new IllegalArgumentException("--module, --token, --slot and --pin-* need --custody pkcs11; --custody must be "
          + "software or pkcs11, got " + custody);
    }
    if (module == null || token == null) {
      throw new IllegalArgumentException("--custody pkcs11 needs --module PATH and --token LABEL");
    }
    return Optional.of(new Pkcs11Settings(module.toAbsolutePath(), token, Optional.ofNullable(slot),
        Optional.ofNullable(pinEnv), Optional.ofNullable(pinFile).map(Path::toAbsolutePath)));
  }

  static String yaml(Pkcs11Settings s) {
    return "custody:\n  type: pkcs11\n  module: " + s.module() + "\n  token: " + s.token() + "\n"
        + s.slot().map(id -> "  slot: " + id + "\n").orElse("")
        + s.pinEnv().map(e -> "  pinEnv: " + e + "\n").orElse("")
        + s.pinFile().map(f -> "  pinFile: " + f + "\n").orElse("");
  }
}
