package io.keyquorum.cli.attestor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.attestor.NodeDatabase;
import io.keyquorum.attestor.audit.AuditLog;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.CliNetwork;
import io.keyquorum.cli.session.CliNetwork.Run;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.registry.CommandOutcome;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.AnchorAuditHead;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.SignedCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kq audit verify --profile}: the anchored head comes from the orchestrator's registry, not
 * from the node's disk, so a disk whose rows and signed heads were cut back together fails.
 */
class AuditVerifyNetworkTest {
  @TempDir static Path dir;
  private static CliNetwork network;

  @BeforeAll
  static void start() throws Exception {
    network = new CliNetwork(dir, 4, "auditor", List.of());
  }

  @AfterAll
  static void stop() {
    network.close();
  }

  /** A data folder holding a 6-row chain with a signed head, written as {@code attestor} would. */
  private static Path chain(String name, Ed25519PrivateKey key) throws Exception {
    Path data = Files.createDirectories(dir.resolve(name));
    try (NodeDatabase db = NodeDatabase.open(data.resolve("attestor.db"))) {
      db.transaction(c -> {
        try (var ps = c.prepareStatement("INSERT INTO meta (name, value) VALUES ('signing_key', ?)")) {
          ps.setBytes(1, key.publicKey().raw());
          return ps.executeUpdate();
        }
      });
      AuditLog log = new AuditLog(db, Clock.systemUTC(), name);
      for (int i = 1; i <= 6; i++) {
        log.append("attest", "digest-" + i, Map.of("n", i));
      }
      log.signHead(key);
    }
    return data;
  }

  private static void anchor(String attestor, Ed25519PrivateKey key, long seq, byte[] hash) {
    RegistryState s = network.cluster.registry().state();
    long next = s.sequences().getOrDefault("attestor:" + attestor, 0L) + 1_000_000;
    var g = s.governance().orElseThrow();
    CommandOutcome o = network.cluster.registry().submit(SignedCommand.sign(new AnchorAuditHead(
        new CommandHeader(g.networkId(), g.genesisHash(), attestor, next), seq, Blob.copyOf(hash)), key))
        .join();
    assertThat(o.rejection()).isEmpty();
  }

  private static byte[] hashOf(Path data, long seq) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("attestor.db"));
        var rs = c.createStatement().executeQuery("SELECT hash FROM audit WHERE seq = " + seq)) {
      rs.next();
      return rs.getBytes(1);
    }
  }

  private static void sql(Path data, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("attestor.db"))) {
      c.createStatement().executeUpdate(statement);
    }
  }

  @Test
  void truncationBelowAnchoredHead_isDetectedAgainstTheNetwork() throws Exception {
    Ed25519PrivateKey key = network.cluster.attestor(1).signingKey();
    Path data = chain("attestor-1", key);
    anchor("attestor-1", key, 6, hashOf(data, 6));

    Run intact = network.kq("audit", "verify", "--dir", data.toString());
    assertThat(intact.exitCode()).as(intact.err()).isEqualTo(ExitCodes.OK);
    assertThat(intact.out()).contains("audit: OK", "reaches the head anchored in the registry at row 6");

    // Cut rows and signed heads back together: the file alone is consistent again.
    sql(data, "DELETE FROM audit WHERE seq > 3");
    sql(data, "DELETE FROM audit_heads");
    Run cut = network.kq("audit", "verify", "--dir", data.toString());
    assertThat(cut.exitCode()).isEqualTo(1);
    assertThat(cut.err()).contains("FAILED", "attestor-1 anchored audit row 6", "chain ends at row 3",
        "truncated below an anchored head");
  }

  @Test
  void attestorWithoutAnAnchorYet_verifiesAndSaysSo() throws Exception {
    Path data = chain("attestor-2", network.cluster.attestor(2).signingKey());
    Run run = network.kq("audit", "verify", "--dir", data.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("has anchored no audit head in the registry yet");
  }

  @Test
  void databaseSignedByAKeyThatIsNoAttestors_fails() throws Exception {
    Path data = chain("stranger", Ed25519PrivateKey.generate(new SecureRandom()));
    Run run = network.kq("audit", "verify", "--dir", data.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("not any attestor's in network");
  }

  @Test
  void unreachableNetwork_saysAnchorsNotChecked() throws Exception {
    Path data = chain("attestor-3", network.cluster.attestor(3).signingKey());
    Path profile = dir.resolve("down.json");
    Files.writeString(profile, Files.readString(network.profile)
        .replace("127.0.0.1:" + network.cluster.orchestratorPort(), "127.0.0.1:1"));
    Run run = CliNetwork.run("audit", "verify", "--dir", data.toString(), "--profile", profile.toString());
    assertThat(run.exitCode()).isEqualTo(AuditVerifyCommand.ANCHORS_NOT_CHECKED);
    assertThat(run.err()).contains("anchors not checked", "could not be asked");
  }
}
