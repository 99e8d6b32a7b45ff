package io.keyquorum.attestor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.attestor.NodeDatabase;
import io.keyquorum.crypto.Ed25519PrivateKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tampering with the audit file through plain JDBC, as an attacker with file access would. */
class AuditChainTest {
  @TempDir Path dir;
  private Path file;
  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());

  @BeforeEach
  void writeChain() {
    file = dir.resolve("attestor.db");
    try (NodeDatabase db = NodeDatabase.open(file)) {
      AuditLog log = new AuditLog(db, Clock.systemUTC(), "attestor-1");
      for (int i = 1; i <= 6; i++) {
        log.append(i % 2 == 0 ? "attest" : "release", "digest-" + i, Map.of("client", "app-1", "allow", true, "n", i));
      }
      log.signHead(key);
      log.append("refuse", "-", Map.of("reason", "REPLAY"));
    }
  }

  private AuditVerifier.Result verify() {
    return AuditVerifier.verify(file, Optional.of(key.publicKey()));
  }

  private void sql(String statement, Object... args) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  @Test
  void untouchedChain_verifiesUpToTheSignedHeadAndBeyond() {
    AuditVerifier.Result r = verify();
    assertThat(r.ok()).as(r.message()).isTrue();
    assertThat(r.rows()).isEqualTo(7);
    assertThat(r.signedHead()).hasValueSatisfying(h -> assertThat(h.seq()).isEqualTo(6));
    assertThat(r.message()).contains("signature verified");
  }

  @Test
  void editedRow_isNamed() throws Exception {
    sql("UPDATE audit SET detail = ? WHERE seq = 4", "{\"allow\":false,\"client\":\"app-1\",\"n\":4}");
    AuditVerifier.Result r = verify();
    assertThat(r.ok()).isFalse();
    assertThat(r.badRow()).isEqualTo(4);
    assertThat(r.message()).contains("row 4", "edited");
  }

  @Test
  void editedRowWithRecomputedHash_isNamedAtTheNextRow() throws Exception {
    // A smarter attacker fixes row 3's own hash; row 4 still names the old one as its prev.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      var rs = c.createStatement().executeQuery("SELECT prev, time, kind, subject FROM audit WHERE seq = 3");
      rs.next();
      byte[] forged = AuditEntry.chainHash(rs.getBytes(1), 3, rs.getLong(2), rs.getString(3), rs.getString(4), "{}");
      try (PreparedStatement ps = c.prepareStatement("UPDATE audit SET detail = '{}', hash = ? WHERE seq = 3")) {
        ps.setBytes(1, forged);
        ps.executeUpdate();
      }
    }
    AuditVerifier.Result r = verify();
    assertThat(r.ok()).isFalse();
    assertThat(r.badRow()).isEqualTo(4);
    assertThat(r.message()).contains("row 4", "prev hash");
  }

  @Test
  void deletedRow_isNamed() throws Exception {
    sql("DELETE FROM audit WHERE seq = 3");
    AuditVerifier.Result r = verify();
    assertThat(r.ok()).isFalse();
    assertThat(r.badRow()).isEqualTo(4);
    assertThat(r.message()).contains("row(s) 3", "removed");
  }

  @Test
  void swappedRows_areNamed() throws Exception {
    // Exchange the contents of rows 2 and 5, keeping their positions.
    sql("UPDATE audit SET seq = -2 WHERE seq = 2");
    sql("UPDATE audit SET seq = 2 WHERE seq = 5");
    sql("UPDATE audit SET seq = 5 WHERE seq = -2");
    AuditVerifier.Result r = verify();
    assertThat(r.ok()).isFalse();
    assertThat(r.badRow()).isEqualTo(2);
    assertThat(r.message()).contains("row 2");
  }

  @Test
  void rowsCutOffTheEnd_failAgainstTheSignedHead() throws Exception {
    sql("DELETE FROM audit WHERE seq >= 5");
    AuditVerifier.Result r = verify();
    assertThat(r.ok()).isFalse();
    assertThat(r.message()).contains("signed head covers row 6", "cut off");
  }

  @Test
  void signedHeadUnderAnotherKey_fails() {
    AuditVerifier.Result r = AuditVerifier.verify(file, Optional.of(Ed25519PrivateKey.generate(new SecureRandom())
        .publicKey()));
    assertThat(r.ok()).isFalse();
    assertThat(r.message()).contains("signed head does not verify");
  }

  @Test
  void missingSigningKey_failsVerification() {
    // Without the node's key the signed head vouches for nothing; that must not read as a pass.
    AuditVerifier.Result r = AuditVerifier.verify(file, Optional.empty());
    assertThat(r.ok()).isFalse();
    assertThat(r.message()).contains("no signing key");
  }
}
