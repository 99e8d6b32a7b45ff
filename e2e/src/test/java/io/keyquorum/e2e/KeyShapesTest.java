package io.keyquorum.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyResult;
import io.keyquorum.client.envelope.EnvelopeFiles;
import io.keyquorum.client.envelope.Progress;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.protocol.DeliveryMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
 * Deals that are not "all five, in order": a subset of the attestors named out of order (share
 * index = position in the set, which dealer, attestor intake, release and both rebuilds must
 * agree on), a rotation of such a key, and a streamed file through the SDK's envelope format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyShapesTest {
  private static final Map<String, String> CONTEXT = Map.of("dept", "finance", "file", "ledger.csv");
  private static final List<String> SUBSET = List.of("attestor-4", "attestor-2", "attestor-5");

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

  @ParameterizedTest
  @EnumSource(DeliveryMode.class)
  void subsetNamedOutOfOrder_releasesTheImportedMaterial_beforeAndAfterRotation(DeliveryMode mode) {
    byte[] material = new byte[48];
    random.nextBytes(material);
    KeyInfo key = app.createKey("subset-" + mode.wireName(), SUBSET, 2, RequestFlowTest.ALLOW_ALL,
        Optional.of(SecretBytes.copyOf(material)));
    assertThat(key.versions().get(0).attestors()).containsExactlyElementsOf(SUBSET);
    try (KeyResult released = app.releaseKey(key.keyId(), CONTEXT, mode)) {
      assertThat(released.secretOrThrow().toByteArray(SecretAccess.INSTANCE)).isEqualTo(material);
      assertThat(released.attestations()).extracting(a -> a.claimedAttestorId()).isSubsetOf(SUBSET);
    }
    byte[] rotatedMaterial = new byte[32];
    random.nextBytes(rotatedMaterial);
    KeyInfo rotated = app.rotateKey(key.keyId(), Optional.of(SecretBytes.copyOf(rotatedMaterial)));
    assertThat(rotated.currentVersion()).isEqualTo(2);
    assertThat(rotated.versions().get(1).attestors()).containsExactlyElementsOf(SUBSET);
    try (KeyResult released = app.releaseKey(key.keyId(), CONTEXT, mode)) {
      assertThat(released.keyVersion()).isEqualTo(2);
      assertThat(released.secretOrThrow().toByteArray(SecretAccess.INSTANCE)).isEqualTo(rotatedMaterial);
    }
  }

  @Test
  void envelopeFile_encryptsAndDecryptsThroughTheAttestors(@TempDir Path dir) throws Exception {
    KeyInfo key = app.createKey("files", cluster.attestorIds(), E2eCluster.T, RequestFlowTest.ALLOW_ALL,
        Optional.empty());
    byte[] content = new byte[300_000];
    random.nextBytes(content);
    Path plain = Files.write(dir.resolve("ledger.csv"), content);
    Path sealed = dir.resolve("ledger.csv.kq");
    Path opened = dir.resolve("ledger.out");
    new EnvelopeFiles(app, DeliveryMode.CLIENT).encryptFile(plain, sealed, key.keyId(), CONTEXT, Progress.NONE);
    assertThat(Files.size(sealed)).isGreaterThan(content.length);
    new EnvelopeFiles(app, DeliveryMode.ORCHESTRATOR).decryptFile(sealed, opened, CONTEXT, Progress.NONE);
    assertThat(Files.readAllBytes(opened)).isEqualTo(content);
  }
}
