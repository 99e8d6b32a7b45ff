package io.keyquorum.orchestrator.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.orchestrator.testing.TestClient;
import io.keyquorum.orchestrator.testing.TestCluster;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.RequestDigest;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.registry.CommandOutcome;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.command.UpdatePolicy;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The orchestrator's second opinion on allows, against a real registry replica: an allow the key
 * policy denies is objected to, naming the policy and rule; nothing is objected to where the
 * attestor may have read another policy (ahead of this replica, before the key's last change), where
 * the judgement could straddle a time boundary, or where this orchestrator cannot compile the policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyPolicyCheckTest {
  private static final Instant CUTOFF = Instant.parse("2040-01-01T00:00:00Z");
  private static final String NO_HR_UNTIL_CUTOFF = String.join("\n",
      "policy: no-hr",
      "rules:",
      "  - effect: allow",
      "  - effect: deny",
      "    when: '\"dept\" in request.context && request.context[\"dept\"] == \"hr\"'",
      "  - effect: deny",
      "    when: 'request.time >= timestamp(\"" + CUTOFF + "\")'",
      "");

  private final SecureRandom random = new SecureRandom();
  private final KeyPolicyCheck check = new KeyPolicyCheck();
  private TestCluster cluster;
  private TestClient client;
  private int keys;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = new TestCluster(3, 0, FlowSettings.defaults());
    client = new TestClient("app-1", cluster.registerClient("app-1", List.of("key-creator"), Map.of()), cluster.genesisHash());
  }

  /** A fresh key per test (tests change its policy), created with the test client's document. */
  private KeyRecord newKey() {
    return client.createKey(cluster.orchestrator(), "checked-" + ++keys, cluster.attestorIds(), 2, Optional.empty());
  }

  private void putPolicy(KeyRecord key, String document) {
    CommandOutcome updated = cluster.registry().submit(SignedCommand.sign(new UpdatePolicy(cluster.adminHeader(),
        key.keyId(), 1, document), cluster.adminKey())).join();
    assertThat(updated.accepted()).isTrue();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private AllowCheck forRequest(KeyRecord key, Map<String, String> context) {
    SignedKeyRequest signed = client.request(key.keyId(), 0, Capability.RELEASE, context,
        HpkePrivateKey.generate(random).publicKey(), DeliveryMode.CLIENT);
    RegistryState state = cluster.registry().state();
    return check.forRequest(cluster.registry()::state, KeyResolver.resolve(state, signed, Capability.RELEASE));
  }

  private Attestation allow(KeyRecord key, long height, long issuedAt) {
    return new Attestation(cluster.genesisHash(), "attestor-1", key.keyId(), 1, height,
        new io.keyquorum.protocol.KeyVersionFacts(0, 1, 1, new byte[32]), RequestDigest.of(new byte[32]),
        true, "r", "", issuedAt, issuedAt + 60_000);
  }

  private long height() {
    return cluster.registry().state().height();
  }

  @Test
  void policiesThatDoNotCompileHere_areHeldAgainstNoOne_thenARealPolicyIsEnforced() {
    KeyRecord key = newKey();
    // The test client's allow-all document does not compile under the real CEL compiler.
    assertThat(forRequest(key, Map.of("dept", "hr")).objection("attestor-1",
        allow(key, height(), System.currentTimeMillis()))).isEmpty();

    putPolicy(key, NO_HR_UNTIL_CUTOFF);
    long now = System.currentTimeMillis();
    long changedAt = cluster.registry().state().key(key.keyId()).orElseThrow().changedAtHeight();
    AllowCheck hr = forRequest(key, Map.of("dept", "hr"));
    assertThat(hr.objection("attestor-1", allow(key, height(), now)))
        .hasValueSatisfying(o -> assertThat(o).isEqualTo("allow contradicts key policy no-hr v2 (deny by rule 1)"));
    assertThat(forRequest(key, Map.of("dept", "finance")).objection("attestor-1", allow(key, height(), now)))
        .isEmpty();
    // Judged where this replica cannot know the policy: ahead of it, or before the key's last change.
    assertThat(hr.objection("attestor-1", allow(key, height() + 1, now))).isEmpty();
    assertThat(hr.objection("attestor-1", allow(key, changedAt - 1, now))).isEmpty();
  }

  @Test
  void aDenialMustHoldAcrossTheJudgingSlack_beforeItIsHeldAgainstAnAttestor() {
    KeyRecord key = newKey();
    putPolicy(key, NO_HR_UNTIL_CUTOFF);
    AllowCheck finance = forRequest(key, Map.of("dept", "finance"));
    long cutoff = CUTOFF.toEpochMilli();
    // Issued just after the cutoff: the attestor may have judged just before it, when it allowed.
    assertThat(finance.objection("attestor-1", allow(key, height(), cutoff + 1_000))).isEmpty();
    assertThat(finance.objection("attestor-1",
        allow(key, height(), cutoff + KeyPolicyCheck.JUDGING_SLACK_MILLIS + 1)))
        .hasValueSatisfying(o -> assertThat(o).endsWith("(deny by rule 2)"));
  }
}
