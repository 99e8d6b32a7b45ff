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
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.blob.CiphertextBlob;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.command.ClientRecord;
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

/**
 * Client delivery hands the client the key, so it is a release (DESIGN §10): with real attestor
 * nodes, a client allowed data keys only is refused client delivery with access-denied, every
 * attestor denies it on its own judgement too, and the default delivery serves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryEntitlementTest {
  static final String DATA_KEYS_ONLY = String.join("\n",
      "policy: data-keys-only",
      "rules:",
      "  - effect: allow",
      "    capabilities: [generate-data-key, decrypt]",
      "    when: '\"batch\" in client.roles'",
      "");
  static final Map<String, String> CONTEXT = Map.of("dept", "finance");

  private E2eCluster cluster;
  private KeyQuorumClient batch;
  private final Ed25519PrivateKey batchKey = Ed25519PrivateKey.generate(new SecureRandom());
  private KeyInfo key;

  @BeforeAll
  void startNetwork(@TempDir Path root) throws Exception {
    cluster = E2eCluster.start(root);
    AdminCommands admin = cluster.ops().admin(E2eCluster.ADMIN, cluster.adminKey());
    long height = admin.registerClient(new ClientRecord("batch-gdk", batchKey.publicKey(), List.of("batch"),
        Map.of(), true));
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.attestorIds().stream().allMatch(id ->
        cluster.node(id).registryState().height() >= height));
    key = cluster.app().createKey("gdk-only", cluster.attestorIds(), E2eCluster.T, DATA_KEYS_ONLY, Optional.empty());
    batch = KeyQuorumClient.connect("127.0.0.1", cluster.orchestrator().port(), cluster.caCertificate(),
        E2eCluster.ORCHESTRATOR, cluster.genesisHash(), "batch-gdk", batchKey);
  }

  @AfterAll
  void stopNetwork() {
    if (batch != null) {
      batch.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void generateDataKeyOnlyClient_askingClientDelivery_isDenied() {
    KeyQuorumException denied = catchThrowableOfType(KeyQuorumException.class,
        () -> batch.generateDataKey(key.keyId(), CONTEXT, DeliveryMode.CLIENT));
    assertThat(denied).isNotNull();
    assertThat(denied.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
    assertThat(denied.getMessage()).contains("must allow release");
  }

  @Test
  void everyAttestor_deniesClientDelivery_onItsOwnJudgement() {
    DirectAttestorCalls direct = new DirectAttestorCalls(cluster);
    for (String id : cluster.attestorIds()) {
      Attestation client = direct.attestAs(id, "batch-gdk", batchKey, key.keyId(), Capability.GENERATE_DATA_KEY,
          CONTEXT, DeliveryMode.CLIENT).verify(cluster.attestorKeys().get(id));
      assertThat(client.allow()).as(id).isFalse();
      assertThat(client.decidingRule()).as(id).isEqualTo("key-policy/data-keys-only/default-deny");
      assertThat(client.explanation()).as(id).contains("release");
      Attestation orchestrator = direct.attestAs(id, "batch-gdk", batchKey, key.keyId(), Capability.GENERATE_DATA_KEY,
          CONTEXT, DeliveryMode.ORCHESTRATOR).verify(cluster.attestorKeys().get(id));
      assertThat(orchestrator.allow()).as(id).isTrue();
    }
  }

  @Test
  void generateDataKeyOnlyClient_getsItsDataKey_withTheDefaultDelivery_andDecryptsWithTheRecordedOne() {
    byte[] blob;
    try (KeyResult made = batch.generateDataKey(key.keyId(), CONTEXT)) {
      assertThat(made.secretOrThrow().length()).isEqualTo(32);
      blob = made.blobOrThrow();
    }
    CiphertextBlob decoded = CiphertextBlob.decode(blob);
    assertThat(decoded.formatVersion()).isEqualTo(2);
    assertThat(decoded.delivery()).contains(DeliveryMode.ORCHESTRATOR);
    try (KeyResult opened = batch.decrypt(blob, CONTEXT)) {
      assertThat(opened.secretOrThrow().length()).isEqualTo(32);
    }
    // A decrypt-only use of the same blob asking client delivery would hand over the key: refused.
    KeyQuorumException denied = catchThrowableOfType(KeyQuorumException.class,
        () -> batch.decrypt(blob, CONTEXT, DeliveryMode.CLIENT));
    assertThat(denied).isNotNull();
    assertThat(denied.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
  }
}
