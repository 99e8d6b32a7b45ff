package io.keyquorum.cli.attestor;

import io.keyquorum.attestor.AttestorConfig;
import io.keyquorum.attestor.Custodies;
import io.keyquorum.attestor.CustodyKey;
import io.keyquorum.attestor.CustodyKind;
import io.keyquorum.attestor.CustodyMigration;
import io.keyquorum.attestor.CustodyUnavailableException;
import io.keyquorum.attestor.Pkcs11Custody;
import io.keyquorum.attestor.Pkcs11Settings;
import io.keyquorum.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kq attestor migrate-custody --config FILE}: moves a stopped attestor's data folder from
 * software custody to the PKCS#11 token its config now names, without changing any share. Creates
 * the custody key in the token if the token has none yet.
 */
@Command(
    name = "migrate-custody",
    mixinStandardHelpOptions = true,
    description = "Move a stopped attestor from software (passphrase) custody to the PKCS#11 token its config names.")
public final class MigrateCustodyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "Attestor configuration (YAML) whose custody section names the token; passphraseFile still opens the old custody.")
  Path config;

  @Override
  public Integer call() {
    try {
      AttestorConfig c = AttestorConfig.load(config);
      if (c.pkcs11().isEmpty()) {
        throw new IllegalArgumentException(config + " names no pkcs11 custody section; add one first (docs/ATTESTOR.md, Custody)");
      }
      Pkcs11Settings hsm = c.pkcs11().get();
      CustodyKind recorded = CustodyKind.read(c.dataDir()).orElse(CustodyKind.SOFTWARE);
      if (recorded.equals(c.custodyKind())) {
        spec.commandLine().getOut().println(c.nodeId() + " is already under " + recorded.describe() + " custody");
        return ExitCodes.OK;
      }
      if (!recorded.equals(CustodyKind.SOFTWARE)) {
        throw new IllegalArgumentException(c.dataDir() + " is under " + recorded.describe()
            + " custody; only software custody can be migrated");
      }
      SecureRandom random = new SecureRandom();
      Pkcs11Custody token;
      try {
        token = Pkcs11Custody.open(hsm, random);
      } catch (CustodyUnavailableException e) {
        if (e.fault() != CustodyUnavailableException.Fault.PKCS11_KEY_MISSING) {
          throw e;
        }
        token = Pkcs11Custody.create(hsm, random);
        spec.commandLine().getErr().println("kq: created custody key " + hsm.keyAlias() + " in token " + hsm.token());
      }
      try (CustodyKey software = Custodies.software(c, random); Pkcs11Custody to = token) {
        CustodyMigration.Result moved = CustodyMigration.migrate(c.dataDir(), c.nodeId(), software, to);
        spec.commandLine().getOut().println(c.nodeId() + ": moved the identity and " + moved.shares()
            + " shares to " + to.kind().describe() + " custody");
      }
      return ExitCodes.OK;
    } catch (IOException | IllegalArgumentException | IllegalStateException | CustodyUnavailableException
        | SecurityException e) {
      spec.commandLine().getErr().println("kq: migrate-custody failed: " + e.getMessage());
      return ExitCodes.INVALID;
    }
  }
}
