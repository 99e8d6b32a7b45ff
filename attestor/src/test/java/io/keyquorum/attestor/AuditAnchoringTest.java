package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyquorum.attestor.audit.AnchoredHead;
import io.keyquorum.attestor.audit.AuditVerifier;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.registry.AuditAnchor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attestors anchor their audit heads in the registry when their chain grows, not while idle, and
 * a copy of a node's disk cut back below its anchor fails verification against the registry.
 */
class AuditAnchoringTest extends ThreeAttestors {
  @TempDir Path copies;

  private long chainEnd(String id) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + net.dataDir(id).resolve("attestor.db")
        + "?mode=ro"); ResultSet rs = c.createStatement().executeQuery("SELECT max(seq) FROM audit")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private AuditAnchor awaitAnchor(String id, long atLeast) {
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.values().stream().allMatch(n ->
        n.registryState().auditAnchor(id).map(a -> a.seq() >= atLeast).orElse(false)));
    return nodes.get(id).registryState().auditAnchor(id).orElseThrow();
  }

  private Ed25519PublicKey key(String id) {
    return net.identities.get(id).signingKey().publicKey();
  }

  @Test
  void grownChain_isAnchored_andAnIdleNodeAnchorsNothingMore() throws Exception {
    AttestorNode node = nodes.get("attestor-1");
    long end = chainEnd("attestor-1");
    long othersEnd = chainEnd("attestor-2");
    assertThat(node.anchorAuditHead()).isTrue();
    AuditAnchor anchor = awaitAnchor("attestor-1", end);
    assertThat(anchor.seq()).isEqualTo(end);

    // The anchor's own block is not a new audit row anywhere, so nothing is left to anchor.
    assertThat(chainEnd("attestor-1")).isEqualTo(end);
    assertThat(chainEnd("attestor-2")).isEqualTo(othersEnd);
    assertThat(node.anchorAuditHead()).as("idle: no new rows, no anchor").isFalse();

    attest("attestor-1", net.request("payments"));
    assertThat(node.anchorAuditHead()).isTrue();
    assertThat(awaitAnchor("attestor-1", end + 1).seq()).isEqualTo(chainEnd("attestor-1"));
  }

  @Test
  void copiedDiskCutBelowItsAnchor_failsAgainstTheRegistry() throws Exception {
    AttestorNode node = nodes.get("attestor-2");
    attest("attestor-2", net.request("payments"));
    long end = chainEnd("attestor-2");
    node.anchorAuditHead();
    AuditAnchor anchor = awaitAnchor("attestor-2", end);
    // The anchor a verifier gets from any replica opens under the attestor's own genesis key.
    AnchoredHead anchored = AnchoredHead.open("attestor-2", anchor.signedCommand().toByteArray(),
        anchor.anchoredAtHeight(), key("attestor-2"));

    Path copy = copies.resolve("attestor.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + net.dataDir("attestor-2").resolve("attestor.db"))) {
      c.createStatement().execute("VACUUM INTO '" + copy + "'");
    }
    assertThat(AuditVerifier.verify(copy, Optional.of(key("attestor-2")), Optional.of(anchored)).ok()).isTrue();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
      c.createStatement().executeUpdate("DELETE FROM audit WHERE seq > " + (end - 2));
      c.createStatement().executeUpdate("DELETE FROM audit_heads");
    }
    AuditVerifier.Result r = AuditVerifier.verify(copy, Optional.of(key("attestor-2")), Optional.of(anchored));
    assertThat(r.ok()).isFalse();
    assertThat(r.message()).contains("attestor-2 anchored audit row " + end, "chain ends at row " + (end - 2));
  }
}
