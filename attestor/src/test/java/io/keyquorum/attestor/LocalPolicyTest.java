package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.log.InMemoryReplicatedLog;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.HealthRequest;
import io.keyquorum.rpc.v1.HealthResponse;
import io.keyquorum.rpc.v1.NodeHealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's local policy narrows the key policy, and is reloaded without a restart. */
class LocalPolicyTest {
  @TempDir Path root;

  @Test
  void localPolicyDenial_isSigned_andAnEditTakesEffectWithoutRestart() throws Exception {
    TestNet net = new TestNet(root, List.of("attestor-1"));
    Path policy = root.resolve("local.yaml");
    Files.writeString(policy, "policy: no-prod\nrules:\n  - effect: allow\n  - effect: deny\n"
        + "    when: '\"env\" in request.context && request.context[\"env\"] == \"prod\"'\n");
    Path config = net.configs.get("attestor-1");
    Files.writeString(config, Files.readString(config) + "localPolicy: " + policy + "\n");
    InMemoryReplicatedLog log = new InMemoryReplicatedLog();
    try (AttestorNode node = net.start("attestor-1", new MutableClock(), Optional.of(log))) {
      log.submit(net.genesis(Map.of()).encode()).join();
      log.submit(net.registerClient(true).encode()).join();
      log.submit(net.createKey("k1", "payments", List.of("attestor-1"), 1, TestNet.ALLOW_ALL).command().encode()).join();
      await().atMost(Duration.ofSeconds(30)).until(() ->
          node.registryState().key("k1").map(k -> k.state() == KeyState.ENABLED).orElse(false));
      ManagedChannel channel = net.channel(net.orchestratorTls, "attestor-1", node.port());
      try {
        Attestation prod = attest(net, channel, Map.of("env", "prod"));
        assertThat(prod.allow()).isFalse();
        assertThat(prod.decidingRule()).isEqualTo("local-policy/no-prod#1");
        assertThat(prod.explanation()).contains("key policy allow-all: allow by rule 0");
        Attestation dev = attest(net, channel, Map.of("env", "dev"));
        assertThat(dev.allow()).isTrue();
        assertThat(dev.decidingRule()).isEqualTo("key-policy/allow-all#0 & local-policy/no-prod#0");

        Files.writeString(policy, "policy: closed\nrules: []\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> !attest(net, channel, Map.of("env", "dev")).allow());
        assertThat(attest(net, channel, Map.of()).decidingRule()).isEqualTo("local-policy/closed/default-deny");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      log.close();
    }
  }

  @Test
  void brokenLocalPolicyReload_failsClosed_andIsShownInHealthAndMetrics() throws Exception {
    TestNet net = new TestNet(root, List.of("attestor-1"));
    Path policy = root.resolve("local.yaml");
    Files.writeString(policy, "policy: open\nrules:\n  - effect: allow\n");
    Path config = net.configs.get("attestor-1");
    Files.writeString(config, Files.readString(config) + "localPolicy: " + policy + "\n");
    InMemoryReplicatedLog log = new InMemoryReplicatedLog();
    try (AttestorNode node = net.start("attestor-1", new MutableClock(), Optional.of(log))) {
      log.submit(net.genesis(Map.of()).encode()).join();
      log.submit(net.registerClient(true).encode()).join();
      log.submit(net.createKey("k1", "payments", List.of("attestor-1"), 1, TestNet.ALLOW_ALL).command().encode()).join();
      await().atMost(Duration.ofSeconds(30)).until(() ->
          node.registryState().key("k1").map(k -> k.state() == KeyState.ENABLED).orElse(false));
      ManagedChannel channel = net.channel(net.orchestratorTls, "attestor-1", node.port());
      try {
        assertThat(attest(net, channel, Map.of()).allow()).isTrue();
        assertThat(node.scrapeMetrics()).containsPattern("kq_local_policy_errors\\{[^}]*\\} 0\\.0");
        assertThat(health(channel).getProblemsList()).isEmpty();

        // The operator's edit, meant to close the node at night, does not compile.
        Files.writeString(policy, "policy: night\nrules:\n  - effect: allow\n  - effect: deny\n"
            + "    when: request.time.getHour(\"UTC\") < 6\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> node.localPolicyError().isPresent());
        Attestation denied = attest(net, channel, Map.of());
        assertThat(denied.allow()).isFalse();
        assertThat(denied.decidingRule()).isEqualTo("local-policy/invalid");
        assertThat(denied.explanation()).contains("does not compile").contains("rule 1 (line 5)");
        assertThat(node.scrapeMetrics()).containsPattern("kq_local_policy_errors\\{[^}]*\\} 1\\.0");
        assertThat(node.healthJson()).contains("\"status\":\"degraded\"").contains("rule 1 (line 5)");
        assertThat(health(channel).getProblemsList()).singleElement().asString()
            .contains("local policy not in force, every request is denied").contains("rule 1 (line 5)");

        // Fixed: in force again, and the error is gone everywhere.
        Files.writeString(policy, "policy: night\nrules:\n  - effect: allow\n  - effect: deny\n"
            + "    when: request.time.getHours(\"UTC\") < 0\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> node.localPolicyError().isEmpty());
        assertThat(attest(net, channel, Map.of()).decidingRule())
            .isEqualTo("key-policy/allow-all#0 & local-policy/night#0");
        assertThat(node.scrapeMetrics()).containsPattern("kq_local_policy_errors\\{[^}]*\\} 0\\.0");
        assertThat(node.healthJson()).contains("\"status\":\"ok\"");
        assertThat(health(channel).getProblemsList()).isEmpty();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      log.close();
    }
  }

  private static HealthResponse health(ManagedChannel channel) {
    return NodeHealthGrpc.newBlockingStub(channel).check(HealthRequest.getDefaultInstance());
  }

  private static Attestation attest(TestNet net, ManagedChannel channel, Map<String, String> context) {
    TestNet.Req req = net.request("payments", Set.of(Capability.DECRYPT), context, System.currentTimeMillis());
    SignedAttestation a = SignedAttestation.decode(net.stub(channel).attest(AttestRequest.newBuilder()
        .setSignedRequest(ByteString.copyFrom(req.bytes())).build()).getSignedAttestation().toByteArray());
    return a.verify(net.identities.get("attestor-1").signingKey().publicKey());
  }
}
