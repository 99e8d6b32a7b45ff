package io.keyquorum.e2e.byzantine;

import static io.keyquorum.e2e.byzantine.ByzantineNetwork.FINANCE;
import static io.keyquorum.e2e.byzantine.ByzantineNetwork.HR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.keyquorum.client.AttestorReport;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyQuorumException;
import io.keyquorum.client.KeyResult;
import io.keyquorum.orchestrator.flow.AttestorFault;
import io.keyquorum.orchestrator.flow.FlowMetrics;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.delivery.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Byzantine attestors answering the orchestrator: each misbehaviour is detected, named in the
 * client's result or error ({@code attestor-N} and what it did) and counted in {@code
 * kq_attestor_faults_total}; requests that at least t honest attestors approve still succeed, and
 * data keys made meanwhile decrypt afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ByzantineAnswersTest {
  private ByzantineNetwork net;
  private KeyQuorumClient app;
  private KeyInfo open;
  private KeyInfo noHr;

  @BeforeAll
  void startNetwork(@TempDir Path root) throws Exception {
    net = ByzantineNetwork.start(root);
    app = net.cluster.app();
    open = net.newKey("byz-open", ByzantineNetwork.ALLOW_ALL);
    noHr = net.newKey("byz-no-hr", ByzantineNetwork.NO_HR);
  }

  @AfterEach
  void honestAgain() {
    net.reset();
  }

  @AfterAll
  void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  private FlowMetrics metrics() {
    return net.orchestratorMetrics();
  }

  /** attestor-3 and -4 answer late, so the first t approvals are attestor-1, -2 and -5. */
  private void forceAttestor5IntoTheQuorum() {
    net.slowAttestations("attestor-3", "attestor-4");
  }

  @ParameterizedTest
  @EnumSource(DeliveryMode.class)
  void wrongShare_failsItsFeldmanCheck_isNamed_andReplacedByAnHonestShare(DeliveryMode mode) {
    forceAttestor5IntoTheQuorum();
    net.turn(Misbehaviour.WRONG_SHARE, "attestor-5");
    // In client mode only the client can open shares; spares reach it when attestor-5's release is late.
    net.attestor("attestor-5").delayReleases(ByzantineNetwork.SLOW.multipliedBy(2));
    long before = metrics().faultCount("attestor-5", AttestorFault.BAD_SHARE);

    byte[] blob;
    try (KeyResult made = app.generateDataKey(open.keyId(), FINANCE, mode)) {
      assertThat(made.excluded()).extracting(AttestorReport::attestorId).containsExactly("attestor-5");
      AttestorReport named = made.excluded().get(0);
      assertThat(named.status()).isEqualTo("bad-share");
      assertThat(named.reason()).contains("Feldman");
      blob = made.blobOrThrow();
      net.reset();
      try (KeyResult opened = app.decrypt(blob, FINANCE, DeliveryMode.ORCHESTRATOR)) {
        assertThat(opened.secretOrThrow().equalsConstantTime(made.secretOrThrow())).isTrue();
      }
    }
    if (mode == DeliveryMode.ORCHESTRATOR) {
      assertThat(metrics().faultCount("attestor-5", AttestorFault.BAD_SHARE)).isEqualTo(before + 1);
      assertThat(metrics().render()).contains("kq_attestor_faults_total{attestor=\"attestor-5\",fault=\"bad-share\"}");
    }
  }

  @Test
  void replayedAttestations_areNamedAsForAnotherRequest_andHonestQuorumStillServes() {
    try (KeyResult warmUp = app.generateDataKey(open.keyId(), FINANCE, DeliveryMode.ORCHESTRATOR)) {
      assertThat(warmUp.excluded()).isEmpty();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> net.attestor("attestor-4").hasRecordedAttestation()
        && net.attestor("attestor-5").hasRecordedAttestation());
    net.turn(Misbehaviour.REPLAY_ATTESTATION, "attestor-4", "attestor-5");
    long before = metrics().faultCount("attestor-5", AttestorFault.WRONG_REQUEST);

    for (DeliveryMode mode : DeliveryMode.values()) {
      try (KeyResult made = app.generateDataKey(open.keyId(), FINANCE, mode)) {
        assertThat(made.excluded()).extracting(AttestorReport::attestorId)
            .containsExactlyInAnyOrder("attestor-4", "attestor-5");
        assertThat(made.excluded()).allSatisfy(r -> {
          assertThat(r.status()).isEqualTo("invalid");
          assertThat(r.reason()).isEqualTo("attestation is for another request");
        });
        assertThat(made.attestations()).extracting(a -> a.claimedAttestorId())
            .containsExactlyInAnyOrder("attestor-1", "attestor-2", "attestor-3");
        try (KeyResult opened = app.decrypt(made.blobOrThrow(), FINANCE, mode)) {
          assertThat(opened.secretOrThrow().equalsConstantTime(made.secretOrThrow())).isTrue();
        }
      }
    }
    // Two data keys and two decrypts, each with attestor-5's replay detected (counted on arrival).
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(metrics().faultCount("attestor-5", AttestorFault.WRONG_REQUEST)).isEqualTo(before + 4));
  }

  @Test
  void replayedRelease_isNamedAsForAnotherRequest_andReplaced() {
    forceAttestor5IntoTheQuorum();
    try (KeyResult warmUp = app.releaseKey(open.keyId(), FINANCE, DeliveryMode.ORCHESTRATOR)) {
      assertThat(warmUp.excluded()).isEmpty();
    }
    assertThat(net.attestor("attestor-5").hasRecordedRelease()).isTrue();
    net.turn(Misbehaviour.REPLAY_RELEASE, "attestor-5");
    long before = metrics().faultCount("attestor-5", AttestorFault.WRONG_REQUEST);

    try (KeyResult made = app.releaseKey(open.keyId(), FINANCE, DeliveryMode.ORCHESTRATOR)) {
      assertThat(made.secretOrThrow().length()).isEqualTo(32);
      assertThat(made.excluded()).singleElement().satisfies(r -> {
        assertThat(r.attestorId()).isEqualTo("attestor-5");
        assertThat(r.status()).isEqualTo("bad-share");
        assertThat(r.reason()).isEqualTo("release is for another request");
      });
    }
    assertThat(metrics().faultCount("attestor-5", AttestorFault.WRONG_REQUEST)).isEqualTo(before + 1);
  }

  @ParameterizedTest
  @EnumSource(DeliveryMode.class)
  void allowDespiteDeny_byOneOrTwoAttestors_releasesNothing_andNamesThem(DeliveryMode mode) {
    for (List<String> byzantine : List.of(List.of("attestor-5"), List.of("attestor-4", "attestor-5"))) {
      net.reset();
      net.turn(Misbehaviour.ALLOW_DESPITE_DENY, byzantine.toArray(String[]::new));
      // Honest denials arrive last, so the round is still open when the forged allows come in.
      net.slowAttestations(net.ids().stream().filter(id -> !byzantine.contains(id)).toArray(String[]::new));
      long before = metrics().faultCount("attestor-5", AttestorFault.CONTRADICTS_KEY_POLICY);

      KeyQuorumException denied = catchThrowableOfType(KeyQuorumException.class,
          () -> app.generateDataKey(noHr.keyId(), HR, mode));
      assertThat(denied).as("%s forging allows must not yield a key", byzantine).isNotNull();
      assertThat(denied.kind()).isEqualTo(ErrorKind.INSUFFICIENT_ATTESTATIONS);
      assertThat(denied.getMessage()).startsWith("insufficient attestations: 0 of 3 needed");
      for (String id : byzantine) {
        AttestorReport report = denied.attestors().stream().filter(r -> r.attestorId().equals(id)).findFirst()
            .orElseThrow();
        assertThat(report.status()).isEqualTo("invalid");
        assertThat(report.reason()).startsWith("allow contradicts key policy no-hr").contains("deny by rule 1");
        // The forged allow is kept as signed evidence against its attestor.
        assertThat(report.verify(net.cluster.attestorKeys().get(id)).allow()).isTrue();
      }
      assertThat(metrics().faultCount("attestor-5", AttestorFault.CONTRADICTS_KEY_POLICY)).isEqualTo(before + 1);

      // What the honest attestors approve still works with the same Byzantine attestors present.
      try (KeyResult ok = app.generateDataKey(noHr.keyId(), FINANCE, mode)) {
        assertThat(ok.secretOrThrow().length()).isEqualTo(32);
      }
    }
  }

  @Test
  void oversizedAttestation_isCutOffAtTheSizeLimit_named_andTheRequestStillSucceeds() {
    net.turn(Misbehaviour.OVERSIZED_ATTESTATION, "attestor-5");
    net.slowAttestations("attestor-1", "attestor-2", "attestor-3");
    long before = metrics().faultCount("attestor-5", AttestorFault.OVERSIZED);
    try (KeyResult made = app.generateDataKey(open.keyId(), FINANCE, DeliveryMode.ORCHESTRATOR)) {
      assertThat(made.excluded()).singleElement().satisfies(r -> {
        assertThat(r.attestorId()).isEqualTo("attestor-5");
        assertThat(r.status()).isEqualTo("invalid");
        assertThat(r.reason()).startsWith("answer exceeds the message-size limit (RESOURCE_EXHAUSTED");
      });
    }
    assertThat(metrics().faultCount("attestor-5", AttestorFault.OVERSIZED)).isEqualTo(before + 1);
  }

  @Test
  void oversizedRelease_isCutOff_named_andReplaced() {
    forceAttestor5IntoTheQuorum();
    net.turn(Misbehaviour.OVERSIZED_RELEASE, "attestor-5");
    long before = metrics().faultCount("attestor-5", AttestorFault.OVERSIZED);
    try (KeyResult made = app.releaseKey(open.keyId(), FINANCE, DeliveryMode.ORCHESTRATOR)) {
      assertThat(made.secretOrThrow().length()).isEqualTo(32);
      assertThat(made.excluded()).singleElement().satisfies(r -> {
        assertThat(r.attestorId()).isEqualTo("attestor-5");
        assertThat(r.status()).isEqualTo("invalid");
        assertThat(r.reason()).startsWith("release answer exceeds the message-size limit");
      });
    }
    assertThat(metrics().faultCount("attestor-5", AttestorFault.OVERSIZED)).isEqualTo(before + 1);
    // The orchestrator is unharmed: the next request, all honest, goes through cleanly.
    net.reset();
    try (KeyResult next = app.releaseKey(open.keyId(), FINANCE, DeliveryMode.ORCHESTRATOR)) {
      assertThat(next.excluded()).isEmpty();
    }
  }
}
