package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.registry.command.KeyState;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who must be refused: delivery=client is judged as a release; old versions are never released;
 * a client whose standing changed cannot spend attestations issued before; attestation clocks
 * may disagree by the configured skew and no more.
 */
class DeliveryAndStandingTest extends ThreeAttestors {
  static final String DATA_KEYS_ONLY = "policy: data-keys-only\nrules:\n  - effect: allow\n"
      + "    capabilities: [generate-data-key]\n";
  static final String DECRYPT_ONLY = "policy: decrypt-only\nrules:\n  - effect: allow\n"
      + "    capabilities: [decrypt]\n";
  static final String READERS = "policy: readers\nrules:\n  - effect: allow\n"
      + "    when: '\"reader\" in client.roles'\n";

  private final SecureRandom random = new SecureRandom();

  private void createKey(String keyId, String policy) {
    log.submit(net.createKey(keyId, keyId + "-alias", IDS, 2, policy).command().encode()).join();
    awaitState(keyId, KeyState.ENABLED);
  }

  private Attestation judged(TestNet.Req req) {
    return verified(attest("attestor-1", req));
  }

  @Test
  void generateDataKeyOnlyClient_askingClientDelivery_isDenied() {
    createKey("k-gdk", DATA_KEYS_ONLY);
    Attestation client = judged(net.request("k-gdk", 0, Set.of(Capability.GENERATE_DATA_KEY), DeliveryMode.CLIENT));
    assertThat(client.allow()).isFalse();
    assertThat(client.decidingRule()).isEqualTo("key-policy/data-keys-only/default-deny");
    assertThat(client.explanation()).contains("uncovered: release");
    Attestation orchestrator = judged(net.request("k-gdk", 0, Set.of(Capability.GENERATE_DATA_KEY),
        DeliveryMode.ORCHESTRATOR));
    assertThat(orchestrator.allow()).isTrue();
  }

  @Test
  void decryptOnlyClient_askingClientDelivery_isDenied() {
    createKey("k-dec", DECRYPT_ONLY);
    assertThat(judged(net.request("k-dec", 0, Set.of(Capability.DECRYPT), DeliveryMode.CLIENT)).allow()).isFalse();
    assertThat(judged(net.request("k-dec", 0, Set.of(Capability.DECRYPT), DeliveryMode.ORCHESTRATOR)).allow())
        .isTrue();
  }

  @Test
  void oldVersion_isNeverReleased() {
    createKey("k-old", TestNet.ALLOW_ALL);
    log.submit(net.rotateKey("k-old", 2, IDS, 2).command().encode()).join();
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.values().stream().allMatch(n -> n.registryState()
        .key("k-old").flatMap(k -> k.currentVersion()).map(v -> v.version() == 2).orElse(false)));
    // Decrypt with delivery=client hands the client version 1 itself: a release, refused.
    Attestation clientDecrypt = judged(net.request("k-old", 1, Set.of(Capability.DECRYPT), DeliveryMode.CLIENT));
    assertThat(clientDecrypt.allow()).isFalse();
    assertThat(clientDecrypt.decidingRule()).isEqualTo(KeyStanding.RULE);
    assertThat(clientDecrypt.explanation()).contains("never released");
    Attestation release = judged(net.request("k-old", 1, Set.of(Capability.RELEASE), DeliveryMode.ORCHESTRATOR));
    assertThat(release.allow()).isFalse();
    assertThat(judged(net.request("k-old", 1, Set.of(Capability.DECRYPT), DeliveryMode.ORCHESTRATOR)).allow())
        .isTrue();
    // Release judges the version again before anything else: refused whatever the certificate says.
    TestNet.Req req = net.request("k-old", 1, Set.of(Capability.DECRYPT), DeliveryMode.CLIENT);
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req), attest("attestor-2", req)));
    refused(() -> release("attestor-1", req, Optional.of(qc)), Status.Code.FAILED_PRECONDITION, "KEY_UNUSABLE",
        "never released");
  }

  @Test
  void revokedClient_cannotSpendEarlierAttestations() {
    createKey("k-readers", READERS);
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
    log.submit(net.registerClient("reader-1", key, true).encode()).join();
    log.submit(net.updateClient("reader-1", key, List.of("reader"), true).encode()).join();
    awaitClient("reader-1", List.of("reader"), true);
    TestNet.Req req = net.requestAs("reader-1", key, "k-readers", 0, Set.of(Capability.RELEASE), DeliveryMode.CLIENT);
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req), attest("attestor-2", req)));
    assertThat(verified(qc.attestations().get(0)).allow()).isTrue();
    // The role is removed after the quorum judged; the certificate is otherwise still valid.
    log.submit(net.updateClient("reader-1", key, List.of(), true).encode()).join();
    awaitClient("reader-1", List.of(), true);
    refused(() -> release("attestor-1", req, Optional.of(qc)), Status.Code.PERMISSION_DENIED,
        "STANDING_CHANGED", "no longer allowed");

    // Revoked (disabled) outright: refused as well.
    log.submit(net.updateClient("reader-1", key, List.of("reader"), true).encode()).join();
    awaitClient("reader-1", List.of("reader"), true);
    TestNet.Req again = net.requestAs("reader-1", key, "k-readers", 0, Set.of(Capability.RELEASE),
        DeliveryMode.CLIENT);
    QuorumCertificate qc2 = new QuorumCertificate(List.of(attest("attestor-1", again), attest("attestor-2", again)));
    log.submit(net.updateClient("reader-1", key, List.of("reader"), false).encode()).join();
    awaitClient("reader-1", List.of("reader"), false);
    refused(() -> release("attestor-2", again, Optional.of(qc2)), Status.Code.PERMISSION_DENIED, "CLIENT_DISABLED");
  }

  @Test
  void attestationIssuedInTheReleasersFuture_isAcceptedWithinTheSkew_andRefusedBeyond() {
    // Attestors 1 and 2 judge with clocks 3 s ahead; attestor-1 then releases on the true clock.
    TestNet.Req req = net.request("payments");
    clock.advanceMillis(3_000);
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req), attest("attestor-2", req)));
    clock.reset();
    assertThat(release("attestor-1", req, Optional.of(qc)).getReleasePayload().isEmpty()).isFalse();

    // 8 s ahead is beyond the default 5 s skew: a forward-dated attestation does not count.
    TestNet.Req far = net.request("payments");
    clock.advanceMillis(8_000);
    QuorumCertificate ahead = new QuorumCertificate(List.of(attest("attestor-1", far), attest("attestor-2", far)));
    clock.reset();
    refused(() -> release("attestor-2", far, Optional.of(ahead)), Status.Code.PERMISSION_DENIED, "not yet valid");
  }

  private void awaitClient(String id, List<String> roles, boolean enabled) {
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.values().stream().allMatch(n -> n.registryState()
        .client(id).map(c -> c.roles().equals(roles) && c.enabled() == enabled).orElse(false)));
  }
}
