package io.keyquorum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.keyquorum.attestor.audit.AuditVerifier;
import io.keyquorum.client.AttestorReport;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyQuorumException;
import io.keyquorum.client.KeyResult;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.delivery.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real attestor nodes going away (closed: server, custody and database shut). With n = 5 and
 * t = 3, two may be down and every operation still succeeds; with three down the request fails
 * and the error names each attestor's status. Its own network, since stopping nodes is for good.
 */
class AttestorOutageTest {
  private static final Map<String, String> CONTEXT = Map.of("dept", "finance");

  @Test
  void twoNodesDown_dataKeysStillWork_threeDown_theErrorListsEveryAttestor_andARestartedNodeServesAgain(@TempDir Path root) throws Exception {
    try (E2eCluster cluster = E2eCluster.start(root)) {
      KeyQuorumClient app = cluster.app();
      KeyInfo key = app.createKey("outage", cluster.attestorIds(), E2eCluster.T, RequestFlowTest.ALLOW_ALL,
          Optional.empty());
      byte[] blobBefore;
      SecretBytes dataKeyBefore;
      try (KeyResult before = app.generateDataKey(key.keyId(), CONTEXT, DeliveryMode.CLIENT)) {
        blobBefore = before.blobOrThrow();
        dataKeyBefore = SecretBytes.copyOf(before.secretOrThrow().toByteArray(SecretAccess.INSTANCE));
      }

      cluster.stop("attestor-4");
      cluster.stop("attestor-5");
      // A clean stop signs the audit head; the chain of everything the node did verifies under its genesis key.
      AuditVerifier.Result audit = AuditVerifier.verify(cluster.databaseFile("attestor-4"),
          Optional.of(cluster.attestorKeys().get("attestor-4")));
      assertThat(audit.ok()).as(audit.message()).isTrue();
      assertThat(audit.signedHead()).isPresent();
      assertThat(audit.rows()).isGreaterThan(3);
      for (DeliveryMode mode : DeliveryMode.values()) {
        try (KeyResult made = app.generateDataKey(key.keyId(), CONTEXT, mode);
            KeyResult opened = app.decrypt(made.blobOrThrow(), CONTEXT, mode);
            KeyResult old = app.decrypt(blobBefore, CONTEXT, mode)) {
          assertThat(made.attestations()).extracting(a -> a.claimedAttestorId()).as(mode.wireName())
              .containsExactlyInAnyOrder("attestor-1", "attestor-2", "attestor-3");
          assertThat(opened.secretOrThrow().equalsConstantTime(made.secretOrThrow())).isTrue();
          assertThat(old.secretOrThrow().equalsConstantTime(dataKeyBefore)).isTrue();
        }
      }

      cluster.stop("attestor-3");
      KeyQuorumException failed = catchThrowableOfType(KeyQuorumException.class,
          () -> app.generateDataKey(key.keyId(), CONTEXT, DeliveryMode.CLIENT));
      assertThat(failed).as("three of five down leaves no quorum").isNotNull();
      assertThat(failed.kind()).isEqualTo(ErrorKind.INSUFFICIENT_ATTESTATIONS);
      assertThat(failed.getMessage()).contains("of 3 needed")
          .contains("attestor-3 unreachable").contains("attestor-4 unreachable").contains("attestor-5 unreachable");
      dataKeyBefore.destroy();
      List<AttestorReport> reports = failed.attestors();
      assertThat(reports).extracting(AttestorReport::attestorId).containsExactlyElementsOf(cluster.attestorIds());
      // The round stops as soon as t is impossible, so the two live nodes may not have answered yet.
      assertThat(reports.subList(0, 2)).extracting(AttestorReport::status).allMatch(s -> s.equals("allowed")
          || s.equals("pending"));
      assertThat(reports.subList(2, 5)).extracting(AttestorReport::status).containsOnly("unreachable");
      assertThat(reports.subList(2, 5)).allSatisfy(r -> assertThat(r.signed()).isEmpty());

      // attestor-3 comes back from its data dir: its stored share serves again, and the
      // orchestrator's channel to it recovers without a restart of the orchestrator.
      cluster.restart("attestor-3");
      // Until the orchestrator's channel reconnects, requests fail as insufficient (no connection).
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(KeyQuorumException.class)
          .untilAsserted(() -> {
        try (KeyResult again = app.decrypt(blobBefore, CONTEXT, DeliveryMode.CLIENT)) {
          assertThat(again.attestations()).extracting(a -> a.claimedAttestorId()).contains("attestor-3");
        }
      });
    }
  }
}
