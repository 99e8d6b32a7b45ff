package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.log.SingleReplicaLog;
import io.keyquorum.rpc.v1.AttestRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running attestor under a SoftHSM2 token, in this JVM: it takes its shares into the token, and
 * when the token goes away it refuses Attest by name (UNAVAILABLE, NOT_READY) and reports the
 * problem on /health, rather than crashing or answering without custody.
 */
class TokenCustodyNodeTest {
  @TempDir Path root;

  @Test
  void aPulledToken_makesTheNodeRefuseByName_andReportDegraded() throws Exception {
    TestNet net = new TestNet(root, List.of("attestor-1"));
    Pkcs11TestTokens.Token token = Pkcs11TestTokens.create(root);
    Path data = net.dataDir("attestor-1");
    try (CustodyKey software = CustodyKey.open(data, root.resolve("attestor-1/passphrase"), 1024, 8, 1, net.random);
        Pkcs11Custody hsm = Pkcs11Custody.create(token.settings(), net.random)) {
      CustodyMigration.migrate(data, "attestor-1", software, hsm);
    }
    Files.writeString(net.configs.get("attestor-1"), "custody:\n  type: pkcs11\n  module: " + SoftHsm2.MODULE
        + "\n  token: " + token.label() + "\n  slot: " + token.slot() + "\n  pinFile: " + token.pinFile() + "\n",
        StandardOpenOption.APPEND);
    MutableClock clock = new MutableClock();
    try (SingleReplicaLog log = SingleReplicaLog.open(root.resolve("registry.db"));
        AttestorNode node = net.start("attestor-1", clock, Optional.of(log))) {
      ManagedChannel channel = net.channel(net.orchestratorTls, "attestor-1", node.port());
      try {
        log.submit(net.genesis(Map.of("attestor-1", node.port())).encode()).join();
        log.submit(net.registerClient(true).encode()).join();
        log.submit(net.createKey("k1", "payments", List.of("attestor-1"), 1, TestNet.ALLOW_ALL).command().encode()).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> node.registryState().key("k1")
            .map(k -> k.state() == KeyState.ENABLED).orElse(false));
        assertThat(attest(net, channel)).isNull();
        assertThat(node.problems()).isEmpty();

        Files.move(token.dir(), root.resolve("token-away"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(node.problems()).singleElement().asString().contains("PKCS11_TOKEN_FAILED", "Attest and Release are refused"));
        StatusRuntimeException refused = attest(net, channel);
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(refused.getStatus().getDescription()).startsWith("NOT_READY: custody unavailable: PKCS11_TOKEN_FAILED");
        assertThat(node.healthJson()).contains("\"status\":\"degraded\"", "PKCS11_TOKEN_FAILED");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Null when attested, else the refusal. */
  private static StatusRuntimeException attest(TestNet net, ManagedChannel channel) {
    TestNet.Req req = net.request("k1", 0, Set.of(Capability.RELEASE), DeliveryMode.CLIENT);
    try {
      net.stub(channel).attest(AttestRequest.newBuilder().setSignedRequest(ByteString.copyFrom(req.bytes())).build());
      return null;
    } catch (StatusRuntimeException e) {
      return e;
    }
  }
}
