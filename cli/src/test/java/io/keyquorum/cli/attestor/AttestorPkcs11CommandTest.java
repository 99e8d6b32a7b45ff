package io.keyquorum.cli.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.keyquorum.attestor.SoftHsm2;
import io.keyquorum.crypto.Ed25519PrivateKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kq attestor init --custody pkcs11} and an attestor's start against a real SoftHSM2 token,
 * each its own process (SoftHSM2 reads SOFTHSM2_CONF once per process). Without SoftHSM2 these
 * tests fail, naming the package to install.
 */
class AttestorPkcs11CommandTest {
  private static final String PIN = "user-pin-4321";
  @TempDir Path dir;
  private Path conf;
  private long slot;

  record Run(int exit, String out) {}

  @BeforeEach
  void token() throws Exception {
    SoftHsm2.missing().ifPresent(m -> fail("these tests need SoftHSM2: " + m));
    conf = SoftHsm2.writeConfig(dir.resolve("tokens"));
    slot = SoftHsm2.initToken(conf, "att7", "so-pin-8765".toCharArray(), PIN.toCharArray());
  }

  private Run kq(String pin, String... args) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> argv = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), "io.keyquorum.cli.Kq"));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().putAll(Map.of(SoftHsm2.CONF_ENV, conf.toString(), "KQ_TEST_PIN", pin));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private Path config(String extra) throws IOException {
    Files.writeString(dir.resolve("passphrase"), "s3cret\n");
    String authority = HexFormat.of().formatHex(Ed25519PrivateKey.generate(new SecureRandom()).publicKey().raw());
    return Files.writeString(dir.resolve("attestor.yaml"), "nodeId: attestor-7\ndataDir: data\nlisten: 127.0.0.1:0\n"
        + "tlsDir: tls\npassphraseFile: passphrase\ngenesisAuthority: " + authority + "\nscryptN: 1024\n" + extra);
  }

  private String[] init(Path config, String module) {
    return new String[] {"attestor", "init", "--config", config.toString(), "--custody", "pkcs11", "--module", module,
        "--token", "att7", "--slot", Long.toString(slot), "--pin-env", "KQ_TEST_PIN"};
  }

  @Test
  void init_refusesAWrongPinAndAMissingModuleByName_thenCreatesTheKeyInTheToken() throws Exception {
    Path config = config("");
    Run wrongPin = kq("not-the-pin", init(config, SoftHsm2.MODULE.toString()));
    assertThat(wrongPin.exit()).as(wrongPin.out()).isEqualTo(2);
    assertThat(wrongPin.out()).contains("PKCS11_PIN_REFUSED", "environment variable KQ_TEST_PIN")
        .doesNotContain("not-the-pin");
    assertThat(dir.resolve("data/identity.sealed")).doesNotExist();

    Run noModule = kq(PIN, init(config, dir.resolve("libmissing.so").toString()));
    assertThat(noModule.exit()).isEqualTo(2);
    assertThat(noModule.out()).contains("PKCS11_MODULE_MISSING", "apt-get install softhsm2");

    Run ok = kq(PIN, init(config, SoftHsm2.MODULE.toString()));
    assertThat(ok.exit()).as(ok.out()).isZero();
    assertThat(ok.out()).contains("signingKey: ", "custody: pkcs11 (token att7)", "custody:\n  type: pkcs11")
        .doesNotContain(PIN);
    assertThat(dir.resolve("data/identity.sealed")).exists();
    assertThat(dir.resolve("data/custody.kind")).content().startsWith("pkcs11\natt7");

    // The folder is under the token now: a node configured for software custody refuses to start,
    // naming the mismatch, rather than falling back to the passphrase.
    Run software = kq(PIN, "attestor", "--config", config.toString());
    assertThat(software.exit()).isEqualTo(2);
    assertThat(software.out()).contains("cannot start", "custody mismatch", "pkcs11 (token att7)");

    // Configured for the token but given the wrong PIN: a named refusal, not a crash.
    Path pkcs11 = config("custody:\n  type: pkcs11\n  module: " + SoftHsm2.MODULE + "\n  token: att7\n  slot: " + slot
        + "\n  pinEnv: KQ_TEST_PIN\n");
    Run badPin = kq("0000-wrong", "attestor", "--config", pkcs11.toString());
    assertThat(badPin.exit()).isEqualTo(2);
    assertThat(badPin.out()).contains("cannot start", "PKCS11_PIN_REFUSED").doesNotContain("0000-wrong");
  }
}
