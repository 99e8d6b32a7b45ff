package io.keyquorum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyQuorumException;
import io.keyquorum.client.KeyResult;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.blob.CiphertextBlob;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.KeyVersion;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The request flow end to end: the SDK, the orchestrator and five real attestor nodes (t = 3),
 * over gRPC with mutual TLS on loopback. One network per class; each test makes its own keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestFlowTest {
  static final String ALLOW_ALL = "policy: allow-all\nrules:\n  - effect: allow\n";
  static final Map<String, String> FINANCE = Map.of("dept", "finance");

  private E2eCluster cluster;
  private KeyQuorumClient app;
  private final SecureRandom random = new SecureRandom();

  @BeforeAll
  void startNetwork(@TempDir Path root) throws Exception {
    cluster = E2eCluster.start(root);
    app = cluster.app();
  }

  @AfterAll
  void stopNetwork() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private KeyInfo newKey(String alias, String policy, Optional<SecretBytes> material) {
    return app.createKey(alias, cluster.attestorIds(), E2eCluster.T, policy, material);
  }

  /** The SDK signs with the clock it is given (issue 14 item 3), so its verifiers judge that clock. */
  @Test
  void aClientOnAClockTenMinutesAhead_isRefusedForClockSkew_byTheOrchestratorAndTheAttestors() {
    KeyInfo key = newKey("skewed-client", ALLOW_ALL, Optional.empty());
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
    try (KeyQuorumClient skewed = KeyQuorumClient.connect("127.0.0.1", cluster.orchestrator().port(),
        cluster.caCertificate(), E2eCluster.ORCHESTRATOR, cluster.genesisHash(), E2eCluster.APP, cluster.appKey(),
        ahead, random)) {
      KeyQuorumException read = catchThrowableOfType(KeyQuorumException.class, skewed::listKeys);
      assertThat(read).as("a signed read from 10 min ahead").isNotNull();
      assertThat(read.getMessage()).contains("clock skew");
      KeyQuorumException request = catchThrowableOfType(KeyQuorumException.class,
          () -> skewed.generateDataKey(key.keyId(), FINANCE).close());
      assertThat(request).as("a key request from 10 min ahead").isNotNull();
      assertThat(request.getMessage() + " " + request.attestors()).contains("clock skew");
    }
    try (KeyResult onTime = app.generateDataKey(key.keyId(), FINANCE)) {
      assertThat(onTime.secretOrThrow()).isNotNull();
    }
  }

  @Test
  void createKey_returnsOnlyAfterAllFiveAttestorsAckedTheirShares() {
    KeyInfo key = newKey("acked-by-all", ALLOW_ALL, Optional.empty());

    assertThat(key.state()).isEqualTo("ENABLED");
    assertThat(key.currentVersion()).isEqualTo(1);
    assertThat(key.versions()).singleElement().satisfies(v -> {
      assertThat(v.status()).isEqualTo("ACTIVE");
      assertThat(v.attestors()).containsExactlyElementsOf(cluster.attestorIds());
      assertThat(v.threshold()).isEqualTo(E2eCluster.T);
      assertThat(v.complaints()).isEmpty();
    });
    // At the moment createKey returned, the orchestrator's replica already held a signed receipt
    // from every attestor: each one's ShareIntake opened its sealed share, checked it against the
    // Feldman commitments, stored it and acked through the log.
    KeyVersion v1 = cluster.orchestratorRegistry().key(key.keyId()).orElseThrow().versions().get(1L);
    assertThat(v1.acks()).containsExactlyInAnyOrderElementsOf(cluster.attestorIds());
    // Every attestor's own replica agrees (they follow the same log independently).
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      for (String id : cluster.attestorIds()) {
        KeyRecord seen = cluster.node(id).registryState().key(key.keyId()).orElseThrow();
        assertThat(seen.versions().get(1L).acks()).as(id).hasSize(E2eCluster.N);
      }
    });
  }

  @Test
  void releaseKey_givesTheImportedMaterialInBothDeliveryModes() {
    byte[] material = new byte[32];
    random.nextBytes(material);
    KeyInfo key = newKey("release-both", ALLOW_ALL, Optional.of(SecretBytes.copyOf(material)));

    try (KeyResult viaOrchestrator = app.releaseKey(key.keyId(), FINANCE, DeliveryMode.ORCHESTRATOR);
        KeyResult viaClient = app.releaseKey("release-both", FINANCE, DeliveryMode.CLIENT)) {
      assertThat(viaOrchestrator.secretOrThrow().toByteArray(SecretAccess.INSTANCE)).isEqualTo(material);
      assertThat(viaClient.secretOrThrow().toByteArray(SecretAccess.INSTANCE)).isEqualTo(material);
      assertThat(viaClient.excluded()).isEmpty();
      for (KeyResult r : List.of(viaOrchestrator, viaClient)) {
        assertThat(r.attestations()).hasSizeGreaterThanOrEqualTo(E2eCluster.T);
        r.attestations().forEach(a -> {
          Attestation judged = a.verify(cluster.attestorKeys().get(a.claimedAttestorId()));
          assertThat(judged.allow()).isTrue();
          assertThat(judged.keyId()).isEqualTo(key.keyId());
          // No local policy is configured: the attestor's built-in allow-all stands in for it.
          assertThat(judged.decidingRule()).isEqualTo("key-policy/allow-all#0 & local-policy/no-local-policy#0");
        });
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DeliveryMode.class)
  void generateDataKeyThenDecrypt_roundTrips_andAnotherContextFailsCleanly(DeliveryMode mode) {
    KeyInfo key = newKey("gdk-" + mode.wireName(), ALLOW_ALL, Optional.empty());
    try (KeyResult made = app.generateDataKey(key.keyId(), FINANCE, mode)) {
      assertThat(made.secretOrThrow().length()).isEqualTo(32);
      byte[] blob = made.blobOrThrow();
      for (DeliveryMode other : DeliveryMode.values()) {
        try (KeyResult opened = app.decrypt(blob, FINANCE, other)) {
          assertThat(opened.secretOrThrow().equalsConstantTime(made.secretOrThrow())).as(other.wireName()).isTrue();
          assertThat(opened.keyVersion()).isEqualTo(1);
        }
      }
      KeyQuorumException wrongContext = catchThrowableOfType(KeyQuorumException.class,
          () -> app.decrypt(blob, Map.of("dept", "hr"), mode));
      assertThat(wrongContext).as("decrypt under another context must fail").isNotNull();
      assertThat(wrongContext.kind()).isEqualTo(ErrorKind.INVALID_CIPHERTEXT);
      assertThat(wrongContext.getMessage()).doesNotContainIgnoringCase("exception");
    }
  }

  @Test
  void keyPolicyDenial_isReportedWithEachAttestorsSignedReason() {
    KeyInfo key = newKey("policy-denial", ALLOW_ALL, Optional.empty());
    String denyHr = String.join("\n",
        "policy: no-hr",
        "rules:",
        "  - effect: allow",
        "  - effect: deny",
        "    when: '\"dept\" in request.context && request.context[\"dept\"] == \"hr\"'",
        "");
    long height = cluster.ops().admin(E2eCluster.ADMIN, cluster.adminKey())
        .putKeyPolicy(key.keyId(), key.policyVersion(), denyHr);
    assertThat(app.describeKey(key.keyId()).policyVersion()).isEqualTo(key.policyVersion() + 1);
    // The attestors read the new policy from their own replicas.
    awaitEveryAttestorAt(height);

    KeyQuorumException denied = catchThrowableOfType(KeyQuorumException.class,
        () -> app.generateDataKey(key.keyId(), Map.of("dept", "hr"), DeliveryMode.CLIENT));
    assertThat(denied).as("a denied request must fail").isNotNull();
    assertThat(denied.kind()).isEqualTo(ErrorKind.INSUFFICIENT_ATTESTATIONS);
    // t approvals became impossible after three denials; the report names who said what.
    assertThat(denied.denials()).hasSizeGreaterThanOrEqualTo(E2eCluster.N - E2eCluster.T + 1);
    denied.denials().forEach(report -> {
      Attestation judged = report.verify(cluster.attestorKeys().get(report.attestorId()));
      assertThat(judged.attestorId()).isEqualTo(report.attestorId());
      assertThat(judged.allow()).isFalse();
      assertThat(judged.keyId()).isEqualTo(key.keyId());
      assertThat(judged.decidingRule()).isEqualTo("key-policy/no-hr#1");
      assertThat(report.reason()).contains("key-policy/no-hr#1");
    });
    // The same signed denial does not verify under another attestor's key: it is that attestor's word.
    var first = denied.denials().get(0);
    String other = cluster.attestorIds().stream().filter(id -> !id.equals(first.attestorId())).findFirst().orElseThrow();
    assertThat(catchThrowableOfType(RuntimeException.class, () -> first.verify(cluster.attestorKeys().get(other))))
        .isNotNull();

    // Other contexts are still allowed under the new policy.
    try (KeyResult ok = app.generateDataKey(key.keyId(), FINANCE, DeliveryMode.ORCHESTRATOR)) {
      assertThat(ok.secretOrThrow().length()).isEqualTo(32);
    }
  }

  @Test
  void disabledKey_isRefusedByEveryAttestor_andWorksAgainOnceEnabled() {
    KeyInfo key = newKey("disabled", ALLOW_ALL, Optional.empty());
    var admin = cluster.ops().admin(E2eCluster.ADMIN, cluster.adminKey());
    long height = admin.disableKey(key.keyId());
    assertThat(app.describeKey(key.keyId()).state()).isEqualTo("DISABLED");
    awaitEveryAttestorAt(height);

    KeyQuorumException refused = catchThrowableOfType(KeyQuorumException.class,
        () -> app.generateDataKey(key.keyId(), FINANCE, DeliveryMode.CLIENT));
    assertThat(refused).isNotNull();
    assertThat(refused.kind()).isEqualTo(ErrorKind.DISABLED);
    // The orchestrator refuses early, so ask each attestor directly: each one denies, signed, on
    // the key state in its own replica, not on the orchestrator's say-so.
    DirectAttestorCalls direct = new DirectAttestorCalls(cluster);
    for (String id : cluster.attestorIds()) {
      Attestation judged = direct.attest(id, key.keyId(), Capability.GENERATE_DATA_KEY, FINANCE)
          .verify(cluster.attestorKeys().get(id));
      assertThat(judged.allow()).as(id).isFalse();
      assertThat(judged.decidingRule()).as(id).isEqualTo("key-state");
      assertThat(judged.explanation()).as(id).contains("DISABLED");
      assertThat(judged.registryHeight()).as(id).isGreaterThanOrEqualTo(height);
    }

    long enabledAt = admin.enableKey(key.keyId());
    awaitEveryAttestorAt(enabledAt);
    try (KeyResult ok = app.generateDataKey(key.keyId(), FINANCE, DeliveryMode.CLIENT)) {
      assertThat(ok.secretOrThrow().length()).isEqualTo(32);
    }
    assertThat(direct.attest("attestor-1", key.keyId(), Capability.GENERATE_DATA_KEY, FINANCE)
        .verify(cluster.attestorKeys().get("attestor-1")).allow()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(DeliveryMode.class)
  void rotatedKey_decryptsOldBlobsWithTheOldVersion_andEncryptsWithTheNewOne(DeliveryMode mode) {
    KeyInfo key = newKey("rotate-" + mode.wireName(), ALLOW_ALL, Optional.empty());
    byte[] oldBlob;
    SecretBytes oldDataKey;
    try (KeyResult v1 = app.generateDataKey(key.keyId(), FINANCE, mode)) {
      oldBlob = v1.blobOrThrow();
      oldDataKey = SecretBytes.copyOf(v1.secretOrThrow().toByteArray(SecretAccess.INSTANCE));
    }
    KeyInfo rotated = app.rotateKey(key.keyId(), Optional.empty());
    assertThat(rotated.currentVersion()).isEqualTo(2);
    assertThat(rotated.versions()).extracting(KeyInfo.Version::status).containsExactly("ACTIVE", "ACTIVE");
    assertThat(cluster.orchestratorRegistry().key(key.keyId()).orElseThrow().versions().get(2L).acks())
        .containsExactlyInAnyOrderElementsOf(cluster.attestorIds());

    // An old version is never released, so it decrypts only with delivery=orchestrator.
    if (mode == DeliveryMode.CLIENT) {
      KeyQuorumException released = catchThrowableOfType(KeyQuorumException.class,
          () -> app.decrypt(oldBlob, FINANCE, DeliveryMode.CLIENT));
      assertThat(released).as("old version decrypted with client delivery").isNotNull();
      assertThat(released.denials()).isNotEmpty().allSatisfy(d -> assertThat(
          d.verify(cluster.attestorKeys().get(d.attestorId())).decidingRule()).isEqualTo("key-state"));
    }
    try (KeyResult v2 = app.generateDataKey(key.keyId(), FINANCE, mode);
        KeyResult old = app.decrypt(oldBlob, FINANCE, DeliveryMode.ORCHESTRATOR)) {
      assertThat(v2.keyVersion()).isEqualTo(2);
      assertThat(CiphertextBlob.decode(v2.blobOrThrow()).keyVersion()).isEqualTo(2);
      assertThat(old.keyVersion()).isEqualTo(1);
      assertThat(old.secretOrThrow().equalsConstantTime(oldDataKey)).isTrue();
      old.attestations().forEach(a ->
          assertThat(a.verify(cluster.attestorKeys().get(a.claimedAttestorId())).keyVersion()).isEqualTo(1));
      try (KeyResult reopened = app.decrypt(v2.blobOrThrow(), FINANCE, mode)) {
        assertThat(reopened.keyVersion()).isEqualTo(2);
        assertThat(reopened.secretOrThrow().equalsConstantTime(v2.secretOrThrow())).isTrue();
      }
    } finally {
      oldDataKey.destroy();
    }
  }

  private void awaitEveryAttestorAt(long registryHeight) {
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.attestorIds().stream().allMatch(id ->
        cluster.node(id).registryState().height() >= registryHeight));
  }
}
