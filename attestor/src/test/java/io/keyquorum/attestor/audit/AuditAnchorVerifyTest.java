package io.keyquorum.attestor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.attestor.NodeDatabase;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.registry.command.AnchorAuditHead;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.SignedCommand;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone with the node's file (and even its key) cuts the audit rows and the signed heads back
 * together: the chain and the remaining head still verify, but the head anchored in the registry
 * does not let it pass.
 */
class AuditAnchorVerifyTest {
  @TempDir Path dir;
  private Path file;
  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
  private AnchoredHead anchoredAt6;

  @BeforeEach
  void writeChainAndAnchorRow6() throws Exception {
    file = dir.resolve("attestor.db");
    try (NodeDatabase db = NodeDatabase.open(file)) {
      AuditLog log = new AuditLog(db, Clock.systemUTC(), "attestor-1");
      for (int i = 1; i <= 3; i++) {
        log.append("attest", "digest-" + i, Map.of("n", i));
      }
      log.signHead(key);
      for (int i = 4; i <= 6; i++) {
        log.append("release", "digest-" + i, Map.of("n", i));
      }
      log.signHead(key);
      log.append("refuse", "-", Map.of("reason", "REPLAY"));
      assertThat(log.last().orElseThrow().seq()).isEqualTo(7);
    }
    anchoredAt6 = new AnchoredHead("attestor-1", 6, hashOf(6), 42);
  }

  private byte[] hashOf(long seq) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit WHERE seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBytes(1);
      }
    }
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().executeUpdate(statement);
    }
  }

  @Test
  void chainThatReachesTheAnchoredHead_verifies() {
    AuditVerifier.Result r = AuditVerifier.verify(file, Optional.of(key.publicKey()), Optional.of(anchoredAt6));
    assertThat(r.ok()).as(r.message()).isTrue();
    assertThat(r.message()).contains("anchored in the registry at row 6");
  }

  @Test
  void truncationBelowAnchoredHead_isDetected() throws Exception {
    // Rows and heads cut back together to row 3: what the file alone shows is consistent.
    sql("DELETE FROM audit WHERE seq > 3");
    sql("DELETE FROM audit_heads WHERE seq > 3");
    assertThat(AuditVerifier.verify(file, Optional.of(key.publicKey())).ok())
        .as("the file alone cannot tell").isTrue();

    AuditVerifier.Result r = AuditVerifier.verify(file, Optional.of(key.publicKey()), Optional.of(anchoredAt6));
    assertThat(r.ok()).isFalse();
    assertThat(r.badRow()).isEqualTo(4);
    assertThat(r.message()).contains("attestor-1 anchored audit row 6", "height 42", "chain ends at row 3",
        "truncated below an anchored head");
  }

  @Test
  void truncationWithAFreshlySignedHead_isDetected() throws Exception {
    // An operator who also holds the node's key re-signs a head at the cut.
    sql("DELETE FROM audit WHERE seq > 2");
    sql("DELETE FROM audit_heads");
    try (NodeDatabase db = NodeDatabase.open(file)) {
      new AuditLog(db, Clock.systemUTC(), "attestor-1").signHead(key);
    }
    AuditVerifier.Result r = AuditVerifier.verify(file, Optional.of(key.publicKey()), Optional.of(anchoredAt6));
    assertThat(r.ok()).isFalse();
    assertThat(r.message()).contains("anchored audit row 6", "chain ends at row 2");
  }

  @Test
  void chainRewrittenBelowTheAnchor_isDetected() {
    AnchoredHead other = new AnchoredHead("attestor-1", 6, new byte[32], 42);
    AuditVerifier.Result r = AuditVerifier.verify(file, Optional.of(key.publicKey()), Optional.of(other));
    assertThat(r.ok()).isFalse();
    assertThat(r.message()).contains("another hash than row 6", "rewritten");
  }

  @Test
  void anchorOpensOnlyUnderTheAttestorsOwnKey() throws Exception {
    byte[] hash = hashOf(6);
    SignedCommand genuine = SignedCommand.sign(new AnchorAuditHead(new CommandHeader("net", GenesisHash.ofPayload(new byte[1]), "attestor-1", 9), 6,
        Blob.copyOf(hash)), key);
    AnchoredHead opened = AnchoredHead.open("attestor-1", genuine.encode(), 42, key.publicKey());
    assertThat(opened.seq()).isEqualTo(6);
    assertThat(opened.hash()).isEqualTo(hash);

    Ed25519PrivateKey impostor = Ed25519PrivateKey.generate(new SecureRandom());
    SignedCommand forged = SignedCommand.sign(new AnchorAuditHead(new CommandHeader("net", GenesisHash.ofPayload(new byte[1]), "attestor-1", 9), 2,
        Blob.copyOf(hash)), impostor);
    assertThatThrownBy(() -> AnchoredHead.open("attestor-1", forged.encode(), 42, key.publicKey()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not signed by its key");
    assertThatThrownBy(() -> AnchoredHead.open("attestor-2", genuine.encode(), 42, key.publicKey()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
