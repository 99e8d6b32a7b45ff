package io.keyquorum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.client.envelope.EnvelopeFiles;
import io.keyquorum.client.envelope.Progress;
import io.keyquorum.client.envelope.StreamCipher;
import io.keyquorum.client.envelope.StreamHeader;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.orchestrator.flow.FlowSettings;
import io.keyquorum.orchestrator.testing.TestCluster;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.delivery.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SDK against a real orchestrator and five test attestors, all over TLS on loopback; t = 3. */
class KeyQuorumClientTest {
  private static final String POLICY = "policy: allow-all\nrules:\n  - effect: allow\n    when: true\n";
  private static final Map<String, String> CONTEXT = Map.of("dept", "finance");
  private static TestCluster cluster;
  private static KeyQuorumClient client;
  private static io.keyquorum.crypto.Ed25519PrivateKey paymentsKey;
  private final SecureRandom random = new SecureRandom();

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster(5, 1, FlowSettings.defaults());
    var key = cluster.registerClient("payments", List.of("key-creator"), Map.of("dept", "finance"));
    paymentsKey = key;
    client = KeyQuorumClient.connect("127.0.0.1", cluster.orchestratorPort(), cluster.caCertificate(),
        TestCluster.ORCHESTRATOR, cluster.genesisHash(), "payments", key);
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  private KeyInfo newKey(String alias, Optional<SecretBytes> material) {
    return client.createKey(alias, cluster.attestorIds(), 3, POLICY, material);
  }

  @Test
  void releaseKey_givesTheSameMaterialInBothModes() {
    byte[] material = new byte[40];
    random.nextBytes(material);
    KeyInfo key = newKey("same-both", Optional.of(SecretBytes.copyOf(material)));
    assertThat(key.state()).isEqualTo("ENABLED");
    try (KeyResult viaOrchestrator = client.releaseKey(key.keyId(), CONTEXT, DeliveryMode.ORCHESTRATOR);
        KeyResult viaClient = client.releaseKey("same-both", CONTEXT, DeliveryMode.CLIENT)) {
      assertThat(viaOrchestrator.secretOrThrow().toByteArray(SecretAccess.INSTANCE)).isEqualTo(material);
      assertThat(viaClient.secretOrThrow().toByteArray(SecretAccess.INSTANCE)).isEqualTo(material);
      assertThat(viaOrchestrator.attestations()).hasSize(3);
      assertThat(viaClient.attestations()).hasSizeGreaterThanOrEqualTo(3);
      // The returned attestations are signed evidence: each verifies under its attestor's key.
      viaOrchestrator.attestations().forEach(a -> {
        Attestation judged = a.verify(attestorKey(a.claimedAttestorId()));
        assertThat(judged.allow()).isTrue();
        assertThat(judged.keyId()).isEqualTo(key.keyId());
      });
    }
  }

  @ParameterizedTest
  @EnumSource(DeliveryMode.class)
  void generateDataKeyThenDecrypt_roundTrips(DeliveryMode mode) {
    KeyInfo key = newKey("gdk-" + mode.wireName(), Optional.empty());
    try (KeyResult made = client.generateDataKey(key.keyId(), CONTEXT, mode)) {
      assertThat(made.secretOrThrow().length()).isEqualTo(32);
      for (DeliveryMode other : DeliveryMode.values()) {
        try (KeyResult opened = client.decrypt(made.blobOrThrow(), CONTEXT, other)) {
          assertThat(opened.secretOrThrow().equalsConstantTime(made.secretOrThrow())).isTrue();
        }
      }
      assertThatThrownBy(() -> client.decrypt(made.blobOrThrow(), Map.of("dept", "hr"), mode))
          .isInstanceOfSatisfying(KeyQuorumException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_CIPHERTEXT));
    }
  }

  @ParameterizedTest
  @EnumSource(DeliveryMode.class)
  void encryptThenDecrypt_roundTrips(DeliveryMode mode) {
    KeyInfo key = newKey("enc-" + mode.wireName(), Optional.empty());
    byte[] blob;
    try (KeyResult sealed = client.encrypt(key.keyId(), "card 4111".getBytes(), CONTEXT, mode)) {
      assertThat(sealed.secret()).isEmpty();
      blob = sealed.blobOrThrow();
    }
    try (KeyResult opened = client.decrypt(blob, CONTEXT, DeliveryMode.ORCHESTRATOR)) {
      assertThat(new String(opened.secretOrThrow().toByteArray(SecretAccess.INSTANCE))).isEqualTo("card 4111");
    }
    assertThatThrownBy(() -> client.encrypt(key.keyId(), new byte[4097], CONTEXT, mode))
        .isInstanceOfSatisfying(KeyQuorumException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
  }

  @Test
  void policyDenial_exposesTheSignedDenials() {
    KeyInfo key = newKey("deny-hr", Optional.empty());
    for (int i = 1; i <= 3; i++) {
      cluster.attestor(i).rule(r -> "hr".equals(r.context().get("dept")) ? Optional.of("context.dept is hr")
          : Optional.empty());
    }
    try {
      assertThatThrownBy(() -> client.releaseKey(key.keyId(), Map.of("dept", "hr"), DeliveryMode.ORCHESTRATOR))
          .isInstanceOfSatisfying(KeyQuorumException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INSUFFICIENT_ATTESTATIONS);
            assertThat(e.getMessage()).contains("of 3 needed")
                .contains("denied (rule test-policy/deny-list: context.dept is hr)");
            assertThat(e.denials()).isNotEmpty().allSatisfy(d -> {
              Attestation signed = d.verify(attestorKey(d.attestorId()));
              assertThat(signed.allow()).isFalse();
              assertThat(signed.explanation()).isEqualTo("context.dept is hr");
            });
          });
    } finally {
      for (int i = 1; i <= 3; i++) {
        cluster.attestor(i).rule(r -> Optional.empty());
      }
    }
  }

  @Test
  void lifecycle_disableEnableScheduleAndCancelDeletion() {
    KeyInfo key = newKey("lifecycle", Optional.empty());
    AdminCommands admin = client.admin(TestCluster.ADMIN, cluster.adminKey());
    admin.disableKey(key.keyId());
    assertThat(client.describeKey(key.keyId()).state()).isEqualTo("DISABLED");
    assertThatThrownBy(() -> client.releaseKey(key.keyId(), CONTEXT, DeliveryMode.CLIENT))
        .isInstanceOfSatisfying(KeyQuorumException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DISABLED));

    admin.enableKey(key.keyId());
    admin.scheduleKeyDeletion(key.keyId(), Duration.ofDays(7));
    KeyInfo pending = client.describeKey(key.keyId());
    assertThat(pending.state()).isEqualTo("PENDING_DELETION");
    assertThat(pending.stateBeforeDeletion()).isEqualTo("ENABLED");
    assertThatThrownBy(() -> client.releaseKey(key.keyId(), CONTEXT, DeliveryMode.CLIENT))
        .isInstanceOfSatisfying(KeyQuorumException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PENDING_DELETION));

    admin.cancelKeyDeletion(key.keyId());
    assertThat(client.describeKey(key.keyId()).state()).isEqualTo("ENABLED");
    client.releaseKey(key.keyId(), CONTEXT, DeliveryMode.CLIENT).close();

    assertThatThrownBy(() -> admin.scheduleKeyDeletion(key.keyId(), Duration.ofDays(3)))
        .isInstanceOfSatisfying(KeyQuorumException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
          assertThat(e.getMessage()).contains("7 to 30 days");
        });
    assertThat(client.listKeys()).extracting(KeyInfo::alias).contains("lifecycle");
  }

  @Test
  void dataKeysAndEncrypt_defaultToOrchestratorDelivery_andDecryptUsesTheRecordedMode() {
    KeyInfo key = newKey("defaults", Optional.empty());
    try (KeyResult made = client.generateDataKey(key.keyId(), CONTEXT);
        KeyResult sealed = client.encrypt(key.keyId(), "hi".getBytes(), CONTEXT)) {
      assertThat(io.keyquorum.protocol.blob.CiphertextBlob.decode(made.blobOrThrow()).delivery())
          .contains(DeliveryMode.ORCHESTRATOR);
      assertThat(io.keyquorum.protocol.blob.CiphertextBlob.decode(sealed.blobOrThrow()).delivery())
          .contains(DeliveryMode.ORCHESTRATOR);
      try (KeyResult opened = client.decrypt(made.blobOrThrow(), CONTEXT)) {
        assertThat(opened.secretOrThrow().equalsConstantTime(made.secretOrThrow())).isTrue();
      }
    }
    try (KeyResult viaClient = client.generateDataKey(key.keyId(), CONTEXT, DeliveryMode.CLIENT)) {
      assertThat(io.keyquorum.protocol.blob.CiphertextBlob.decode(viaClient.blobOrThrow()).delivery())
          .contains(DeliveryMode.CLIENT);
    }
  }

  @Test
  void rotateKey_newBlobsUseTheNewVersionAndOldOnesStillDecrypt() {
    KeyInfo key = newKey("rotate-me", Optional.empty());
    byte[] old;
    try (KeyResult r = client.encrypt(key.keyId(), "v1 data".getBytes(), CONTEXT, DeliveryMode.ORCHESTRATOR)) {
      old = r.blobOrThrow();
      assertThat(r.keyVersion()).isEqualTo(1);
    }
    KeyInfo rotated = client.rotateKey(key.keyId(), Optional.empty());
    assertThat(rotated.currentVersion()).isEqualTo(2);
    try (KeyResult r = client.encrypt(key.keyId(), "v2 data".getBytes(), CONTEXT, DeliveryMode.CLIENT)) {
      assertThat(r.keyVersion()).isEqualTo(2);
    }
    // The old blob records orchestrator delivery, which decrypt uses: an old version is never released.
    try (KeyResult r = client.decrypt(old, CONTEXT)) {
      assertThat(r.keyVersion()).isEqualTo(1);
      assertThat(new String(r.secretOrThrow().toByteArray(SecretAccess.INSTANCE))).isEqualTo("v1 data");
    }
  }

  @Test
  void clientMode_wrongShareIsNamed() {
    byte[] material = new byte[32];
    random.nextBytes(material);
    KeyInfo key = newKey("byz-client", Optional.of(SecretBytes.copyOf(material)));
    cluster.attestor(2).byzantine(true);
    try {
      boolean named = false;
      for (int attempt = 0; attempt < 10 && !named; attempt++) {
        try (KeyResult r = client.releaseKey(key.keyId(), CONTEXT, DeliveryMode.CLIENT)) {
          assertThat(r.secretOrThrow().toByteArray(SecretAccess.INSTANCE)).isEqualTo(material);
          named = r.excluded().stream().anyMatch(x -> x.attestorId().equals("attestor-2"));
        } catch (KeyQuorumException e) {
          // Too few spare releases arrived this time: the bad attestor must still be named.
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_SHARE);
          assertThat(e.attestors()).extracting(AttestorReport::attestorId).contains("attestor-2");
          named = true;
        }
      }
      assertThat(named).as("attestor-2's bad share was noticed within 10 requests").isTrue();
    } finally {
      cluster.attestor(2).byzantine(false);
    }
  }

  @Test
  void envelopeFiles_roundTripAndRefuseTheWrongContext(@TempDir Path dir) throws Exception {
    KeyInfo key = newKey("files", Optional.empty());
    Path plain = dir.resolve("report.csv");
    byte[] data = new byte[300_000];
    random.nextBytes(data);
    Files.write(plain, data);
    EnvelopeFiles files = new EnvelopeFiles(client, DeliveryMode.CLIENT);
    Path sealed = dir.resolve("report.csv.kq");
    long[] progress = {0};
    files.encryptFile(plain, sealed, key.keyId(), CONTEXT, total -> progress[0] = total);
    assertThat(progress[0]).isEqualTo(data.length);

    Path back = dir.resolve("report.out");
    new EnvelopeFiles(client, DeliveryMode.ORCHESTRATOR).decryptFile(sealed, back, CONTEXT, Progress.NONE);
    assertThat(Files.readAllBytes(back)).isEqualTo(data);

    Path wrong = dir.resolve("wrong.out");
    assertThatThrownBy(() -> files.decryptFile(sealed, wrong, Map.of("dept", "hr"), Progress.NONE))
        .isInstanceOfSatisfying(KeyQuorumException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_CIPHERTEXT));
    assertThat(wrong).doesNotExist();
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
    }
  }

  @Test
  void v1EnvelopeFile_decryptsWithTheContextTheCallerGives(@TempDir Path dir) throws Exception {
    KeyInfo key = newKey("files-v1", Optional.empty());
    byte[] data = new byte[5000];
    random.nextBytes(data);
    Path sealed = dir.resolve("old.kq");
    try (KeyResult dataKey = client.generateDataKey(key.keyId(), CONTEXT);
        var out = Files.newOutputStream(sealed)) {
      byte[] prefix = new byte[StreamHeader.PREFIX_LENGTH];
      random.nextBytes(prefix);
      StreamHeader v1 = new StreamHeader(StreamHeader.V1, StreamHeader.MIN_CHUNK, Map.of(), dataKey.blobOrThrow(), prefix);
      StreamCipher.encrypt(v1, new java.io.ByteArrayInputStream(data), out, dataKey.secretOrThrow(), Progress.NONE);
    }
    EnvelopeFiles files = new EnvelopeFiles(client);
    Path back = dir.resolve("old.out");
    files.decryptFile(sealed, back, CONTEXT, Progress.NONE);
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
    // A v1 header records no context, so none given means the empty one, which the blob refuses.
    assertThatThrownBy(() -> files.decryptFile(sealed, dir.resolve("none.out"), Map.of(), Progress.NONE))
        .isInstanceOfSatisfying(KeyQuorumException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_CIPHERTEXT));
  }

  @Test
  void unknownKey_isNotFound_andUnknownClient_isDenied() throws Exception {
    assertThatThrownBy(() -> client.releaseKey("nope", CONTEXT, DeliveryMode.CLIENT))
        .isInstanceOfSatisfying(KeyQuorumException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    try (KeyQuorumClient stranger = KeyQuorumClient.connect("127.0.0.1", cluster.orchestratorPort(),
        cluster.caCertificate(), TestCluster.ORCHESTRATOR, cluster.genesisHash(), "stranger", io.keyquorum.crypto.Ed25519PrivateKey.generate(random))) {
      assertThatThrownBy(() -> stranger.releaseKey("nope", CONTEXT, DeliveryMode.CLIENT))
          .isInstanceOfSatisfying(KeyQuorumException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
            assertThat(e.getMessage()).contains("stranger");
          });
    }
  }

  @Test
  void clientPinnedToAnotherNetwork_refusesThisNetworksOrchestrator() {
    io.keyquorum.crypto.GenesisHash elsewhere = io.keyquorum.crypto.GenesisHash.ofPayload(new byte[] {'B'});
    try (KeyQuorumClient pinnedElsewhere = KeyQuorumClient.connect("127.0.0.1", cluster.orchestratorPort(),
        cluster.caCertificate(), TestCluster.ORCHESTRATOR, elsewhere, "payments", paymentsKey)) {
      assertThatThrownBy(() -> pinnedElsewhere.releaseKey("nope", CONTEXT, DeliveryMode.CLIENT))
          .isInstanceOfSatisfying(KeyQuorumException.class, e -> assertThat(e.getMessage())
              .contains("request is bound to genesis " + elsewhere));
      assertThatThrownBy(pinnedElsewhere::trust).isInstanceOfSatisfying(KeyQuorumException.class,
          e -> assertThat(e.getMessage()).contains("not proven from the pinned genesis " + elsewhere));
    }
  }

  private static Ed25519PublicKey attestorKey(String id) {
    return cluster.registry().state().governance().orElseThrow().attestor(id).orElseThrow().signingKey();
  }
}
