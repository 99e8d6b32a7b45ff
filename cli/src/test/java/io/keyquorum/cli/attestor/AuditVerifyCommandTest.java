package io.keyquorum.cli.attestor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.attestor.NodeDatabase;
import io.keyquorum.attestor.audit.AuditLog;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.Kq;
import io.keyquorum.crypto.Ed25519PrivateKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditVerifyCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());

  @BeforeEach
  void writeChain() {
    try (NodeDatabase db = NodeDatabase.open(dir.resolve("attestor.db"))) {
      db.transaction(c -> {
        try (var ps = c.prepareStatement("INSERT INTO meta (name, value) VALUES ('signing_key', ?)")) {
          ps.setBytes(1, key.publicKey().raw());
          return ps.executeUpdate();
        }
      });
      AuditLog log = new AuditLog(db, Clock.systemUTC(), "attestor-1");
      for (int i = 1; i <= 5; i++) {
        log.append("attest", "digest-" + i, Map.of("allow", true));
      }
      log.signHead(key);
    }
  }

  private int run(String... args) {
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("attestor.db"))) {
      c.createStatement().executeUpdate(statement);
    }
  }

  @Test
  void verifyWithoutNetwork_saysAnchorsNotChecked() {
    // The file alone verifies, but rows and heads cut back together would too: not a pass.
    assertThat(run("audit", "verify", "--dir", dir.toString())).isEqualTo(AuditVerifyCommand.ANCHORS_NOT_CHECKED);
    assertThat(out.toString()).contains("ANCHORS NOT CHECKED: chain of 5 rows verifies",
        "head: node attestor-1, row 5", "signature verified").doesNotContain("audit: OK");
    assertThat(err.toString()).contains("anchors not checked", "This is not a pass");
    assertThat(run("audit", "verify", "--dir", dir.toString(), "--signer-key",
        HexFormat.of().formatHex(key.publicKey().raw()))).isEqualTo(AuditVerifyCommand.ANCHORS_NOT_CHECKED);
  }

  @Test
  void truncatedRowsAndHeadsWithoutNetwork_areNotReportedAsOk() throws Exception {
    sql("DELETE FROM audit WHERE seq > 2");
    sql("DELETE FROM audit_heads");
    assertThat(run("audit", "verify", "--dir", dir.toString())).isNotEqualTo(ExitCodes.OK);
    assertThat(out.toString()).doesNotContain("audit: OK");
  }

  @Test
  void missingSigningKey_failsVerification() throws Exception {
    sql("DELETE FROM meta WHERE name = 'signing_key'");
    assertThat(run("audit", "verify", "--dir", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("FAILED", "no signing key");
    assertThat(out.toString()).doesNotContain("OK");
  }

  @Test
  void unreadableSigningKey_failsVerification() throws Exception {
    sql("UPDATE meta SET value = x'0102' WHERE name = 'signing_key'");
    assertThat(run("audit", "verify", "--dir", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("FAILED", "signing key recorded in the database is unreadable");
  }

  @Test
  void nodeFolderAsKqDevLaysItOut_isAccepted() throws Exception {
    // kq dev / kq network init: NODE/attestor.yaml with dataDir: data, the database in NODE/data.
    Path node = Files.createDirectories(dir.resolve("attestor-1"));
    Files.createDirectories(node.resolve("data"));
    Files.copy(dir.resolve("attestor.db"), node.resolve("data/attestor.db"));
    Files.writeString(node.resolve("attestor.yaml"), String.join("\n", "nodeId: attestor-1", "dataDir: data",
        "listen: 127.0.0.1:7101", "tlsDir: tls", "passphraseFile: passphrase",
        "genesisAuthority: " + HexFormat.of().formatHex(key.publicKey().raw()), ""));
    assertThat(run("audit", "verify", "--dir", node.toString())).isEqualTo(AuditVerifyCommand.ANCHORS_NOT_CHECKED);
    assertThat(run("audit", "verify", "--dir", node.resolve("attestor.yaml").toString()))
        .isEqualTo(AuditVerifyCommand.ANCHORS_NOT_CHECKED);
    Files.delete(node.resolve("attestor.yaml"));
    assertThat(run("audit", "verify", "--dir", node.toString())).isEqualTo(AuditVerifyCommand.ANCHORS_NOT_CHECKED);
    assertThat(out.toString()).contains("chain of 5 rows verifies");
  }

  @Test
  void editedRow_exits1NamingTheRow() throws Exception {
    sql("UPDATE audit SET detail = '{\"allow\":false}' WHERE seq = 3");
    assertThat(run("audit", "verify", "--dir", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("FAILED at row 3", "edited");
  }

  @Test
  void deletedAndSwappedRows_exit1() throws Exception {
    sql("DELETE FROM audit WHERE seq = 2");
    assertThat(run("audit", "verify", "--dir", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("FAILED at row 3", "removed");
  }

  @Test
  void swappedRows_exit1() throws Exception {
    sql("UPDATE audit SET seq = -1 WHERE seq = 1");
    sql("UPDATE audit SET seq = 1 WHERE seq = 4");
    sql("UPDATE audit SET seq = 4 WHERE seq = -1");
    assertThat(run("audit", "verify", "--dir", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("FAILED at row 1");
  }

  @Test
  void headSignedByAnotherKey_exits1() {
    String other = HexFormat.of().formatHex(Ed25519PrivateKey.generate(new SecureRandom()).publicKey().raw());
    assertThat(run("audit", "verify", "--dir", dir.toString(), "--signer-key", other)).isEqualTo(1);
    assertThat(err.toString()).contains("signed head does not verify");
  }

  @Test
  void directoryWithoutADatabase_exits2() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThat(run("audit", "verify", "--dir", empty.toString())).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("no attestor database");
  }
}
