package io.keyquorum.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.v1.HealthRequest;
import io.keyquorum.rpc.v1.HealthResponse;
import io.keyquorum.rpc.v1.NodeHealthGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchestratorNodeTest {
  private final SecureRandom random = new SecureRandom();

  private Path writeNode(Path dir, String extra) throws Exception {
    NetworkCa ca = NetworkCa.generate("net-test", Instant.now(), random);
    new NodeTlsDirectory(dir.resolve("tls")).write(ca.certificate(),
        ca.issue(NodeCertificateSpec.forNode("orchestrator-1"), Instant.now()));
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    Files.writeString(dir.resolve("orchestrator.key"), HexFormat.of().formatHex(seed) + "\n");
    Ed25519PrivateKey authority = Ed25519PrivateKey.generate(random);
    Path config = dir.resolve("orchestrator.yaml");
    Files.writeString(config, """
        nodeId: orchestrator-1
        identityKey: orchestrator.key
        tlsDirectory: tls
        clientListen: 127.0.0.1:0
        metricsListen: 127.0.0.1:0
        genesisAuthority: %s
        registryLog: registry.db
        attestDeadline: 1500ms
        """.formatted(HexFormat.of().formatHex(authority.publicKey().raw())) + extra);
    return config;
  }

  @Test
  void startsFromItsConfig_servesHealthOverTlsAndMetricsOverHttp(@TempDir Path dir) throws Exception {
    OrchestratorConfig config = OrchestratorConfig.load(writeNode(dir, ""));
    assertThat(config.attestDeadline()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.dealTimeout()).isEqualTo(Duration.ofSeconds(30));
    try (OrchestratorNode node = OrchestratorNode.start(config)) {
      ManagedChannel channel = NodeChannels.serverAuthenticated(
          new NodeTlsDirectory(dir.resolve("tls")).readNetworkCa(), "127.0.0.1", node.clientPort(),
          ChannelOptions.defaults());
      try {
        HealthResponse health = NodeHealthGrpc.newBlockingStub(channel).check(HealthRequest.getDefaultInstance());
        assertThat(health.getNodeId()).isEqualTo("orchestrator-1");
        assertThat(health.getRegistryHeight()).isZero();
      } finally {
        channel.shutdownNow();
      }
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> healthz = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.metricsPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(healthz.body()).isEqualTo("{\"nodeId\":\"orchestrator-1\",\"registryHeight\":0,\"genesis\":false}");
      node.orchestrator().metrics().request("decrypt", "ok", 1_000_000);
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("# TYPE kq_requests_total counter")
          .contains("kq_requests_total{operation=\"decrypt\",outcome=\"ok\"} 1");
    }
    assertThat(dir.resolve("registry.db")).exists();
  }

  @Test
  void unknownField_isNamed(@TempDir Path dir) throws Exception {
    Path config = writeNode(dir, "attestDeadlien: 2s\n");
    assertThatThrownBy(() -> OrchestratorConfig.load(config))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attestDeadlien");
  }

  @Test
  void badDuration_isNamed(@TempDir Path dir) throws Exception {
    Path config = writeNode(dir, "dealTimeout: soon\n");
    assertThatThrownBy(() -> OrchestratorConfig.load(config))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dealTimeout").hasMessageContaining("soon");
  }
}
