package io.keyquorum.cli.attestor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.Kq;
import io.keyquorum.crypto.Ed25519PrivateKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AttestorInitCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path config(String extra) throws Exception {
    Files.writeString(dir.resolve("passphrase"), "s3cret\n");
    String authority = HexFormat.of().formatHex(Ed25519PrivateKey.generate(new SecureRandom()).publicKey().raw());
    return Files.writeString(dir.resolve("attestor.yaml"), "nodeId: attestor-7\ndataDir: data\nlisten: 127.0.0.1:0\n"
        + "tlsDir: tls\npassphraseFile: passphrase\ngenesisAuthority: " + authority + "\nscryptN: 1024\n" + extra);
  }

  @Test
  void init_createsASealedIdentityAndPrintsItsPublicKeys_once() throws Exception {
    Path config = config("");
    assertThat(run("attestor", "init", "--config", config.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("nodeId: attestor-7", "signingKey: ", "hpkeKey: ");
    assertThat(dir.resolve("data/identity.sealed")).exists();
    assertThat(dir.resolve("data/custody.salt")).exists();
    assertThat(run("attestor", "init", "--config", config.toString())).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("refusing to replace");
  }

  @Test
  void configWithAnUnknownField_isRefusedNamingIt() throws Exception {
    Path config = config("clockSkewSecnds: 10\n");
    assertThat(run("attestor", "--config", config.toString())).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("clockSkewSecnds");
  }
}
