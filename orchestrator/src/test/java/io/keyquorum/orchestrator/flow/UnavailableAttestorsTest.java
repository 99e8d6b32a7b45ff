package io.keyquorum.orchestrator.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.orchestrator.testing.TestClient;
import io.keyquorum.orchestrator.testing.TestCluster;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.KeyRecord;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Five attestors, t = 3: losing two is survivable, losing three is reported attestor by attestor. */
class UnavailableAttestorsTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void twoStopped_requestsSucceed_threeStopped_errorListsEachAttestor() throws Exception {
    try (TestCluster cluster = new TestCluster(5, 1, new FlowSettings(Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
      TestClient client = new TestClient("app", cluster.registerClient("app", List.of("key-creator"), Map.of()), cluster.genesisHash());
      KeyRecord key = client.createKey(cluster.orchestrator(), "k", cluster.attestorIds(), 3,
          Optional.of(SecretBytes.copyOf(new byte[] {1, 2, 3})));
      cluster.stop(4);
      cluster.stop(5);
      OperationResult ok = release(cluster, client, key);
      assertThat(ok.attestations()).extracting(a -> a.claimedAttestorId())
          .containsExactlyInAnyOrder("attestor-1", "attestor-2", "attestor-3");

      cluster.stop(3);
      assertThatThrownBy(() -> release(cluster, client, key))
          .isInstanceOfSatisfying(OrchestratorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INSUFFICIENT_ATTESTATIONS);
            // The round stops as soon as t is impossible, so 1 and 2 may not have answered yet.
            assertThat(e.getMessage()).matches("insufficient attestations: [0-2] of 3 needed; .*")
                .contains("attestor-3 unreachable").contains("attestor-4 unreachable").contains("attestor-5 unreachable");
            assertThat(e.attestors()).extracting(AttestorOutcome::attestorId).containsExactlyElementsOf(cluster.attestorIds());
            assertThat(e.attestors().subList(0, 2)).extracting(AttestorOutcome::status)
                .allMatch(s -> s == AttestorOutcome.Status.ALLOWED || s == AttestorOutcome.Status.PENDING);
            assertThat(e.attestors().subList(2, 5)).extracting(AttestorOutcome::status)
                .containsOnly(AttestorOutcome.Status.UNREACHABLE);
          });
    }
  }

  @Test
  void silentAttestors_areReportedWithTheDeadline() throws Exception {
    try (TestCluster cluster = new TestCluster(4, 1, new FlowSettings(Duration.ofMillis(500), Duration.ofSeconds(2)))) {
      TestClient client = new TestClient("app", cluster.registerClient("app", List.of("key-creator"), Map.of()), cluster.genesisHash());
      KeyRecord key = client.createKey(cluster.orchestrator(), "k", cluster.attestorIds(), 3, Optional.empty());
      warmUp(cluster, client, key);
      cluster.attestor(1).silent(true);
      cluster.attestor(2).silent(true);
      long start = System.nanoTime();
      assertThatThrownBy(() -> release(cluster, client, key))
          .isInstanceOfSatisfying(OrchestratorException.class, e -> assertThat(e.getMessage())
              .isEqualTo("insufficient attestations: 2 of 3 needed; attestor-1 unreachable (deadline 500ms), "
                  + "attestor-2 unreachable (deadline 500ms)"));
      // It gave up at the deadline, not later.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  /** Cold TLS channels and a cold JIT can miss a 500 ms deadline; warm them so only the silence can. */
  private void warmUp(TestCluster cluster, TestClient client, KeyRecord key) {
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        release(cluster, client, key);
        return;
      } catch (OrchestratorException e) {
        assertThat(e.kind()).isEqualTo(ErrorKind.INSUFFICIENT_ATTESTATIONS);
      }
    }
    throw new AssertionError("no release succeeded in 10 warm-up attempts");
  }

  private OperationResult release(TestCluster cluster, TestClient client, KeyRecord key) {
    HpkePrivateKey mine = HpkePrivateKey.generate(random);
    SignedKeyRequest request = client.request(key.keyId(), 0, Capability.RELEASE, Map.of(),
        cluster.orchestrator().deliveryKeys().current(), DeliveryMode.ORCHESTRATOR);
    return cluster.orchestrator().operations().releaseKey(request, Optional.of(client.binding(request, mine.publicKey())));
  }
}
