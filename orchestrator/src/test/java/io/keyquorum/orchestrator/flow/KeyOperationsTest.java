package io.keyquorum.orchestrator.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.hpke.SealedBox;
import io.keyquorum.orchestrator.testing.TestClient;
import io.keyquorum.orchestrator.testing.TestCluster;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.ShareRelease;
import io.keyquorum.protocol.ShareSealing;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.protocol.delivery.DeliverySealing;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.SetKeyState;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.orchestrator.admin.AdminOperation;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request flow against five real test attestors over mutual-TLS gRPC, t = 3. */
class KeyOperationsTest {
  private static final Map<String, String> CONTEXT = Map.of("dept", "finance", "purpose", "payroll");
  private static TestCluster cluster;
  private static TestClient client;
  private final SecureRandom random = new SecureRandom();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster(5, 1, FlowSettings.defaults());
    client = new TestClient("app-1", cluster.registerClient("app-1", List.of("key-creator"), Map.of("dept", "finance")), cluster.genesisHash());
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private KeyOperations ops() {
    return cluster.orchestrator().operations();
  }

  private KeyRecord newKey(String alias, byte[] material) {
    return client.createKey(cluster.orchestrator(), alias, cluster.attestorIds(), 3,
        Optional.of(SecretBytes.copyOf(material)));
  }

  private byte[] releaseInOrchestratorMode(String keyRef) {
    HpkePrivateKey mine = HpkePrivateKey.generate(random);
    SignedKeyRequest request = client.request(keyRef, 0, Capability.RELEASE, CONTEXT,
        cluster.orchestrator().deliveryKeys().current(), DeliveryMode.ORCHESTRATOR);
    OperationResult r = ops().releaseKey(request, Optional.of(client.binding(request, mine.publicKey())));
    assertThat(r.attestations()).hasSize(3);
    try (SecretBytes opened = Hpke.open(mine, r.sealedResult().orElseThrow(), DeliverySealing.INFO,
        DeliverySealing.aad(request.digest(), DeliverySealing.Content.KEY_MATERIAL))) {
      return opened.toByteArray(SecretAccess.INSTANCE);
    }
  }

  @Test
  void createKey_returnsOnceEveryAttestorAcked() {
    KeyRecord key = newKey("acked-key", bytes(32));
    assertThat(key.state()).isEqualTo(KeyState.ENABLED);
    assertThat(key.currentVersion().orElseThrow().acks()).containsExactlyElementsOf(cluster.attestorIds());
  }

  @Test
  void releaseInOrchestratorMode_deliversTheDealtMaterialSealedToTheClient() {
    byte[] material = bytes(48);
    KeyRecord key = newKey("release-orch", material);
    assertThat(releaseInOrchestratorMode(key.keyId())).isEqualTo(material);
  }

  @Test
  void clientMode_forwardsSharesThatNoOrchestratorKeyOpens() {
    KeyRecord key = newKey("client-mode", bytes(32));
    HpkePrivateKey mine = HpkePrivateKey.generate(random);
    SignedKeyRequest request = client.request(key.keyId(), 0, Capability.RELEASE, CONTEXT, mine.publicKey(),
        DeliveryMode.CLIENT);
    OperationResult r = ops().releaseKey(request, Optional.empty());
    ClientShares shares = r.clientShares().orElseThrow();
    assertThat(r.sealedResult()).isEmpty();
    assertThat(shares.releases()).hasSizeGreaterThanOrEqualTo(3);
    DeliveryKeys keys = cluster.orchestrator().deliveryKeys();
    for (VerifiedRelease v : shares.releases()) {
      ShareRelease release = v.release();
      byte[] aad = ShareSealing.aad(request.digest(), release.attestorId(), release.keyId(), release.keyVersion(),
          release.shareIndex());
      // The orchestrator's only HPKE keys are its delivery keys; the shares open under neither.
      HpkePrivateKey current = keys.privateKeyFor(keys.current()).orElseThrow();
      assertThatThrownBy(() -> Hpke.open(current, release.sealedShare(), ShareSealing.INFO, aad))
          .isInstanceOf(DecryptionFailedException.class);
      keys.rotate();
      HpkePrivateKey previous = keys.privateKeyFor(current.publicKey()).orElseThrow();
      assertThatThrownBy(() -> Hpke.open(previous, release.sealedShare(), ShareSealing.INFO, aad))
          .isInstanceOf(DecryptionFailedException.class);
      // ...and do open for the client, whose key never left the client.
      Hpke.open(mine, release.sealedShare(), ShareSealing.INFO, aad).destroy();
    }
  }

  @Test
  void generateDataKeyThenDecrypt_roundTripsInOrchestratorMode() {
    KeyRecord key = newKey("gdk", bytes(32));
    HpkePrivateKey mine = HpkePrivateKey.generate(random);
    SignedKeyRequest gdk = client.request(key.keyId(), 0, Capability.GENERATE_DATA_KEY, CONTEXT,
        cluster.orchestrator().deliveryKeys().current(), DeliveryMode.ORCHESTRATOR);
    OperationResult made = ops().generateDataKey(gdk, Optional.of(client.binding(gdk, mine.publicKey())));
    byte[] dataKey = open(mine, made.sealedResult().orElseThrow(), gdk, DeliverySealing.Content.DATA_KEY);
    assertThat(dataKey).hasSize(32);

    SignedKeyRequest dec = client.request(key.keyId(), 1, Capability.DECRYPT, CONTEXT,
        cluster.orchestrator().deliveryKeys().current(), DeliveryMode.ORCHESTRATOR);
    OperationResult opened = ops().decrypt(dec, Optional.of(client.binding(dec, mine.publicKey())),
        made.blob().orElseThrow().encode());
    assertThat(open(mine, opened.sealedResult().orElseThrow(), dec, DeliverySealing.Content.PLAINTEXT)).isEqualTo(dataKey);

    SignedKeyRequest wrongContext = client.request(key.keyId(), 1, Capability.DECRYPT, Map.of("dept", "hr"),
        cluster.orchestrator().deliveryKeys().current(), DeliveryMode.ORCHESTRATOR);
    assertThatThrownBy(() -> ops().decrypt(wrongContext, Optional.of(client.binding(wrongContext, mine.publicKey())),
        made.blob().orElseThrow().encode()))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_CIPHERTEXT));
  }

  @Test
  void policyDenial_isReportedWithItsRuleAndSignedStatement() {
    KeyRecord key = newKey("denied", bytes(32));
    for (int i = 1; i <= 3; i++) {
      cluster.attestor(i).rule(r -> "hr".equals(r.context().get("dept")) ? Optional.of("dept hr may not use this key")
          : Optional.empty());
    }
    try {
      SignedKeyRequest request = client.request(key.keyId(), 0, Capability.RELEASE, Map.of("dept", "hr"),
          HpkePrivateKey.generate(random).publicKey(), DeliveryMode.CLIENT);
      assertThatThrownBy(() -> ops().releaseKey(request, Optional.empty()))
          .isInstanceOfSatisfying(OrchestratorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INSUFFICIENT_ATTESTATIONS);
            assertThat(e.getMessage()).startsWith("insufficient attestations: ")
                .contains("of 3 needed")
                .contains("attestor-1 denied (rule test-policy/deny-list: dept hr may not use this key)");
            AttestorOutcome denial = e.attestors().get(0);
            assertThat(denial.status()).isEqualTo(AttestorOutcome.Status.DENIED);
            Attestation signed = denial.signed().orElseThrow()
                .verify(cluster.registry().state().governance().orElseThrow().attestor("attestor-1").orElseThrow().signingKey());
            assertThat(signed.allow()).isFalse();
            assertThat(signed.requestDigest()).isEqualTo(request.digest());
          });
    } finally {
      for (int i = 1; i <= 3; i++) {
        cluster.attestor(i).rule(r -> Optional.empty());
      }
    }
  }

  @Test
  void wrongShare_isNamedExcludedAndReplaced() {
    byte[] material = bytes(32);
    KeyRecord key = newKey("byzantine", material);
    cluster.attestor(1).byzantine(true);
    try {
      // Attestor 1 is among the first three to answer often but not always; retry until it was used.
      for (int attempt = 0; attempt < 20; attempt++) {
        HpkePrivateKey mine = HpkePrivateKey.generate(random);
        SignedKeyRequest request = client.request(key.keyId(), 0, Capability.RELEASE, CONTEXT,
            cluster.orchestrator().deliveryKeys().current(), DeliveryMode.ORCHESTRATOR);
        OperationResult r = ops().releaseKey(request, Optional.of(client.binding(request, mine.publicKey())));
        assertThat(open(mine, r.sealedResult().orElseThrow(), request, DeliverySealing.Content.KEY_MATERIAL))
            .isEqualTo(material);
        if (!r.excluded().isEmpty()) {
          assertThat(r.excluded()).singleElement().satisfies(o -> {
            assertThat(o.attestorId()).isEqualTo("attestor-1");
            assertThat(o.status()).isEqualTo(AttestorOutcome.Status.BAD_SHARE);
            assertThat(o.reason()).contains("Feldman");
          });
          assertThat(cluster.orchestrator().metrics().attestorCount("attestor-1", "bad-share")).isPositive();
          return;
        }
      }
      throw new AssertionError("attestor-1 was never among the releasing attestors in 20 requests");
    } finally {
      cluster.attestor(1).byzantine(false);
    }
  }

  @Test
  void disabledKey_isRefusedBeforeAnyAttestorIsAsked() {
    KeyRecord key = newKey("to-disable", bytes(32));
    SetKeyState disable = new SetKeyState(cluster.adminHeader(), key.keyId(), KeyState.DISABLED, 0,
        System.currentTimeMillis());
    cluster.orchestrator().relay().relay(AdminOperation.DISABLE_KEY,
        SignedCommand.sign(disable, cluster.adminKey()).encode());
    SignedKeyRequest request = client.request(key.keyId(), 0, Capability.RELEASE, CONTEXT,
        HpkePrivateKey.generate(random).publicKey(), DeliveryMode.CLIENT);
    assertThatThrownBy(() -> ops().releaseKey(request, Optional.empty()))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.DISABLED);
          assertThat(e.getMessage()).contains(key.keyId()).contains("disabled");
        });
  }

  @Test
  void rotatedKey_decryptsOldBlobsWithTheOldVersionAndEncryptsWithTheNew() {
    KeyRecord v1 = newKey("rotating", bytes(32));
    HpkePrivateKey mine = HpkePrivateKey.generate(random);
    SignedKeyRequest enc1 = client.request(v1.keyId(), 0, Capability.ENCRYPT, CONTEXT,
        cluster.orchestrator().deliveryKeys().current(), DeliveryMode.ORCHESTRATOR);
    OperationResult old = ops().encrypt(enc1, Optional.of(client.binding(enc1, mine.publicKey())), "old secret".getBytes());
    assertThat(old.blob().orElseThrow().keyVersion()).isEqualTo(1);

    KeyRecord v2 = client.rotateKey(cluster.orchestrator(), v1, Optional.empty());
    assertThat(v2.currentVersion().orElseThrow().version()).isEqualTo(2);

    SignedKeyRequest enc2 = client.request(v1.keyId(), 0, Capability.ENCRYPT, CONTEXT,
        cluster.orchestrator().deliveryKeys().current(), DeliveryMode.ORCHESTRATOR);
    OperationResult fresh = ops().encrypt(enc2, Optional.of(client.binding(enc2, mine.publicKey())), "new".getBytes());
    assertThat(fresh.blob().orElseThrow().keyVersion()).isEqualTo(2);

    SignedKeyRequest dec = client.request(v1.keyId(), 1, Capability.DECRYPT, CONTEXT,
        cluster.orchestrator().deliveryKeys().current(), DeliveryMode.ORCHESTRATOR);
    OperationResult opened = ops().decrypt(dec, Optional.of(client.binding(dec, mine.publicKey())),
        old.blob().orElseThrow().encode());
    assertThat(opened.keyVersion()).isEqualTo(1);
    assertThat(new String(open(mine, opened.sealedResult().orElseThrow(), dec, DeliverySealing.Content.PLAINTEXT)))
        .isEqualTo("old secret");
  }

  @Test
  void orchestratorMode_refusesARecipientThatIsNotItsDeliveryKey() {
    KeyRecord key = newKey("wrong-recipient", bytes(32));
    HpkePrivateKey mine = HpkePrivateKey.generate(random);
    SignedKeyRequest request = client.request(key.keyId(), 0, Capability.RELEASE, CONTEXT, mine.publicKey(),
        DeliveryMode.ORCHESTRATOR);
    assertThatThrownBy(() -> ops().releaseKey(request, Optional.of(client.binding(request, mine.publicKey()))))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
  }

  @Test
  void orchestratorMode_refusesABindingNotSignedByTheClientOrForAnotherRequest() {
    KeyRecord key = newKey("bindings", bytes(32));
    HpkePrivateKey mine = HpkePrivateKey.generate(random);
    SignedKeyRequest request = client.request(key.keyId(), 0, Capability.RELEASE, CONTEXT,
        cluster.orchestrator().deliveryKeys().current(), DeliveryMode.ORCHESTRATOR);
    var forged = new io.keyquorum.protocol.delivery.DeliveryBinding(request.digest(), mine.publicKey())
        .sign(io.keyquorum.crypto.Ed25519PrivateKey.generate(random));
    assertThatThrownBy(() -> ops().releaseKey(request, Optional.of(forged)))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED));
    SignedKeyRequest other = client.request(key.keyId(), 0, Capability.RELEASE, CONTEXT,
        cluster.orchestrator().deliveryKeys().current(), DeliveryMode.ORCHESTRATOR);
    assertThatThrownBy(() -> ops().releaseKey(request, Optional.of(client.binding(other, mine.publicKey()))))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
          assertThat(e.getMessage()).contains("another request");
        });
    assertThatThrownBy(() -> ops().releaseKey(request, Optional.empty()))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
  }

  @Test
  void unknownKey_isNotFound() {
    SignedKeyRequest request = client.request("no-such-key", 0, Capability.RELEASE, CONTEXT,
        HpkePrivateKey.generate(random).publicKey(), DeliveryMode.CLIENT);
    assertThatThrownBy(() -> ops().releaseKey(request, Optional.empty()))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
  }

  private static byte[] open(HpkePrivateKey key, SealedBox box, SignedKeyRequest request, DeliverySealing.Content c) {
    try (SecretBytes s = Hpke.open(key, box, DeliverySealing.INFO, DeliverySealing.aad(request.digest(), c))) {
      return s.toByteArray(SecretAccess.INSTANCE);
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
