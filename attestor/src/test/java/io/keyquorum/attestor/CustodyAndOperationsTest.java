package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.registry.command.KeyState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Share custody (rotation, Feldman complaints), the audit trail, health and metrics. */
class CustodyAndOperationsTest extends ThreeAttestors {
  @Test
  void rotatedKey_servesTheNewVersion_andTheOldOneForDecryptOnly() {
    log.submit(net.createKey("k-rot", "rot", IDS, 2, TestNet.ALLOW_ALL).command().encode()).join();
    awaitState("k-rot", KeyState.ENABLED);
    long heightBefore = nodes.get("attestor-1").registryState().key("k-rot").orElseThrow().changedAtHeight();
    log.submit(net.rotateKey("k-rot", 2, IDS, 2).command().encode()).join();
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.values().stream().allMatch(n -> n.registryState()
        .key("k-rot").flatMap(k -> k.currentVersion()).map(v -> v.version() == 2).orElse(false)));
    assertThat(nodes.get("attestor-1").registryState().key("k-rot").orElseThrow().changedAtHeight())
        .isGreaterThan(heightBefore);

    assertThat(verified(attest("attestor-1", net.request("rot"))).keyVersion()).isEqualTo(2);
    Attestation oldRelease = verified(attest("attestor-1", net.request("rot", 1, Set.of(Capability.RELEASE))));
    assertThat(oldRelease.allow()).isFalse();
    assertThat(oldRelease.decidingRule()).isEqualTo("key-state");
    assertThat(oldRelease.explanation()).contains("older version serves decrypt only");
    // Decrypt of an old version with delivery=orchestrator; with delivery=client it would be a release.
    Attestation oldDecrypt = verified(attest("attestor-1",
        net.request("rot", 1, Set.of(Capability.DECRYPT), io.keyquorum.protocol.DeliveryMode.ORCHESTRATOR)));
    assertThat(oldDecrypt.allow()).isTrue();
    assertThat(oldDecrypt.keyVersion()).isEqualTo(1);
  }

  @Test
  void shareFailingItsFeldmanCheck_isComplainedAbout_andTheKeyFails() throws Exception {
    log.submit(net.createKeyWithWrongCommitments("k-bad", "bad", IDS, 2).encode()).join();
    awaitState("k-bad", KeyState.FAILED);
    var version = nodes.get("attestor-1").registryState().key("k-bad").orElseThrow().versions().get(1L);
    assertThat(version.complaints()).isNotEmpty();
    assertThat(version.complaints().values()).allSatisfy(reason -> assertThat(reason).contains("fails Feldman"));
    assertThat(version.acks()).isEmpty();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + net.dataDir("attestor-2")
        .resolve("attestor.db"));
        java.sql.ResultSet rs = c.createStatement().executeQuery(
            "SELECT COUNT(*) FROM shares WHERE key_id = 'k-bad'")) {
      assertThat(rs.getInt(1)).as("a share that fails verification is never stored").isZero();
    }
  }

  @Test
  void auditLog_recordsRegistryBlocksCustodyDecisionsAndRefusals() throws Exception {
    TestNet.Req req = net.request("payments");
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-2", req), attest("attestor-1", req)));
    release("attestor-2", req, Optional.of(qc));
    refused(() -> attest("attestor-2", req), Status.Code.FAILED_PRECONDITION);
    Set<String> kinds = new java.util.HashSet<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + net.dataDir("attestor-2")
        .resolve("attestor.db"));
        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT kind FROM audit")) {
      while (rs.next()) {
        kinds.add(rs.getString(1));
      }
    }
    assertThat(kinds).contains("start", "registry", "custody", "attest", "release", "refuse");
    var result = io.keyquorum.attestor.audit.AuditVerifier.verify(net.dataDir("attestor-2").resolve("attestor.db"),
        Optional.of(net.identities.get("attestor-2").signingKey().publicKey()));
    assertThat(result.ok()).as(result.message()).isTrue();
  }

  @Test
  void healthAndMetricsEndpoints_reportTheNode() throws Exception {
    attest("attestor-2", net.request("payments"));
    AttestorNode node = nodes.get("attestor-2");
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + node.statusPort().orElseThrow();
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"nodeId\":\"attestor-2\"", "\"status\":\"ok\"",
        "\"registryHeight\":" + node.registryState().height());
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("kq_attest_requests_total", "outcome=\"allow\"", "kq_registry_height");
  }
}
