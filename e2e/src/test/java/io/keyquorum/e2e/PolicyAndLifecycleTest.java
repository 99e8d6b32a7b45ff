package io.keyquorum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.keyquorum.client.AdminCommands;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyQuorumException;
import io.keyquorum.client.KeyResult;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.command.ClientRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
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
 * Policies and key lifecycle with real attestors: capability-scoped CEL rules over the registry's
 * client attributes, Encrypt in both modes, scheduled deletion, and a client registered through
 * the orchestrator's admin relay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyAndLifecycleTest {
  /** The design example: data keys for finance, used by the payments team; no release, no Encrypt. */
  static final String FINANCE_DATA_KEYS = String.join("\n",
      "policy: finance-data-keys",
      "rules:",
      "  - effect: allow",
      "    capabilities: [generate-data-key, decrypt]",
      "    when: request.context[\"dept\"] == \"finance\" && client.attributes[\"team\"] == \"payments\"",
      "");
  static final Map<String, String> FINANCE = Map.of("dept", "finance");

  private E2eCluster cluster;
  private KeyQuorumClient app;
  private AdminCommands admin;
  private final SecureRandom random = new SecureRandom();

  @BeforeAll
  void startNetwork(@TempDir Path root) throws Exception {
    cluster = E2eCluster.start(root);
    app = cluster.app();
    admin = cluster.ops().admin(E2eCluster.ADMIN, cluster.adminKey());
  }

  @AfterAll
  void stopNetwork() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void capabilityScopedPolicy_allowsOnlyTheNamedCapabilities_withTheRegisteredAttributes() {
    KeyInfo key = app.createKey("finance-dk", cluster.attestorIds(), E2eCluster.T, FINANCE_DATA_KEYS, Optional.empty());
    byte[] blob;
    // The default delivery (orchestrator): client delivery would need release, which this policy lacks.
    try (KeyResult made = app.generateDataKey(key.keyId(), FINANCE)) {
      blob = made.blobOrThrow();
      made.attestations().forEach(a -> assertThat(a.verify(cluster.attestorKeys().get(a.claimedAttestorId()))
          .decidingRule()).startsWith("key-policy/finance-data-keys#0 & "));
    }
    try (KeyResult opened = app.decrypt(blob, FINANCE, DeliveryMode.ORCHESTRATOR)) {
      assertThat(opened.secretOrThrow().length()).isEqualTo(32);
    }
    // Release and Encrypt are covered by no allow rule: every attestor denies by default.
    for (Runnable call : List.<Runnable>of(
        () -> app.releaseKey(key.keyId(), FINANCE, DeliveryMode.ORCHESTRATOR),
        () -> app.encrypt(key.keyId(), new byte[] {1}, FINANCE, DeliveryMode.CLIENT))) {
      KeyQuorumException denied = catchThrowableOfType(KeyQuorumException.class, call::run);
      assertThat(denied).isNotNull();
      assertThat(denied.kind()).isEqualTo(ErrorKind.INSUFFICIENT_ATTESTATIONS);
      assertThat(denied.denials()).isNotEmpty().allSatisfy(d -> assertThat(
          d.verify(cluster.attestorKeys().get(d.attestorId())).decidingRule())
          .isEqualTo("key-policy/finance-data-keys/default-deny"));
    }
    // Another department: the allow rule does not match.
    KeyQuorumException hr = catchThrowableOfType(KeyQuorumException.class,
        () -> app.generateDataKey(key.keyId(), Map.of("dept", "hr"), DeliveryMode.CLIENT));
    assertThat(hr).isNotNull();
    assertThat(hr.denials()).hasSizeGreaterThanOrEqualTo(E2eCluster.N - E2eCluster.T + 1);
  }

  @ParameterizedTest
  @EnumSource(DeliveryMode.class)
  void encryptThenDecrypt_roundTrips(DeliveryMode mode) {
    KeyInfo key = app.createKey("enc-" + mode.wireName(), cluster.attestorIds(), E2eCluster.T,
        RequestFlowTest.ALLOW_ALL, Optional.empty());
    byte[] plaintext = "card 4111 1111 1111 1111".getBytes(StandardCharsets.UTF_8);
    byte[] blob;
    try (KeyResult sealed = app.encrypt(key.keyId(), plaintext, FINANCE, mode)) {
      assertThat(sealed.secret()).isEmpty();
      blob = sealed.blobOrThrow();
    }
    for (DeliveryMode other : DeliveryMode.values()) {
      try (KeyResult opened = app.decrypt(blob, FINANCE, other)) {
        assertThat(opened.secretOrThrow().toByteArray(SecretAccess.INSTANCE)).isEqualTo(plaintext);
      }
    }
  }

  @Test
  void keyPendingDeletion_isRefusedByEveryAttestor_untilTheDeletionIsCancelled() {
    KeyInfo key = app.createKey("doomed", cluster.attestorIds(), E2eCluster.T, RequestFlowTest.ALLOW_ALL,
        Optional.empty());
    long height = admin.scheduleKeyDeletion(key.keyId(), Duration.ofDays(8));
    KeyInfo pending = app.describeKey(key.keyId());
    assertThat(pending.state()).isEqualTo("PENDING_DELETION");
    assertThat(pending.stateBeforeDeletion()).isEqualTo("ENABLED");
    awaitEveryAttestorAt(height);

    KeyQuorumException refused = catchThrowableOfType(KeyQuorumException.class,
        () -> app.generateDataKey(key.keyId(), FINANCE, DeliveryMode.ORCHESTRATOR));
    assertThat(refused).isNotNull();
    assertThat(refused.kind()).isEqualTo(ErrorKind.PENDING_DELETION);
    DirectAttestorCalls direct = new DirectAttestorCalls(cluster);
    for (String id : cluster.attestorIds()) {
      Attestation judged = direct.attest(id, key.keyId(), Capability.DECRYPT, FINANCE)
          .verify(cluster.attestorKeys().get(id));
      assertThat(judged.allow()).as(id).isFalse();
      assertThat(judged.decidingRule()).as(id).isEqualTo("key-state");
    }

    awaitEveryAttestorAt(admin.cancelKeyDeletion(key.keyId()));
    assertThat(app.describeKey(key.keyId()).state()).isEqualTo("ENABLED");
    try (KeyResult ok = app.generateDataKey(key.keyId(), FINANCE, DeliveryMode.ORCHESTRATOR)) {
      assertThat(ok.secretOrThrow().length()).isEqualTo(32);
    }
  }

  @Test
  void clientRegisteredThroughTheAdminRelay_isKnownToEveryAttestor() {
    KeyInfo key = app.createKey("shared", cluster.attestorIds(), E2eCluster.T, RequestFlowTest.ALLOW_ALL,
        Optional.empty());
    Ed25519PrivateKey newKey = Ed25519PrivateKey.generate(random);
    long height = admin.registerClient(new ClientRecord("batch-2", newKey.publicKey(), List.of("app"),
        Map.of("team", "payments"), true));
    awaitEveryAttestorAt(height);
    try (KeyQuorumClient batch = KeyQuorumClient.connect("127.0.0.1", cluster.orchestrator().port(),
        cluster.caCertificate(), E2eCluster.ORCHESTRATOR, cluster.genesisHash(), "batch-2", newKey)) {
      try (KeyResult made = batch.generateDataKey(key.keyId(), FINANCE, DeliveryMode.CLIENT);
          KeyResult opened = app.decrypt(made.blobOrThrow(), FINANCE, DeliveryMode.CLIENT)) {
        assertThat(opened.secretOrThrow().equalsConstantTime(made.secretOrThrow())).isTrue();
      }
    }
  }

  private void awaitEveryAttestorAt(long registryHeight) {
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.attestorIds().stream().allMatch(id ->
        cluster.node(id).registryState().height() >= registryHeight));
  }
}
