package io.keyquorum.orchestrator.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.orchestrator.flow.AttestorOutcome.Status;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.RequestDigest;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.KeyVersion;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.KeyDeal;
import io.keyquorum.registry.command.KeyState;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The attestation round against a deterministic in-memory transport: the test decides when and
 * how each attestor answers, so "stops as soon as" is checked exactly, without timing.
 */
class AttestationRoundTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final long CHANGED_AT = 40;
  private static final io.keyquorum.crypto.GenesisHash NETWORK = io.keyquorum.crypto.GenesisHash.ofPayload(new byte[] {7});
  private static final io.keyquorum.protocol.KeyVersionFacts FACTS = new io.keyquorum.protocol.KeyVersionFacts(0, 3, 4,
      new byte[32]);
  private static final List<String> IDS = List.of("a1", "a2", "a3", "a4");

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Ed25519PrivateKey> keys = new LinkedHashMap<>();
  private final Map<String, CompletableFuture<SignedAttestation>> answers = new LinkedHashMap<>();
  private final ResolvedKey key;
  private final SignedKeyRequest request;

  AttestationRoundTest() {
    IDS.forEach(id -> keys.put(id, Ed25519PrivateKey.generate(random)));
    List<Blob> commitments = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      byte[] point = new byte[33];
      point[0] = 2;
      commitments.add(Blob.copyOf(point));
    }
    List<Blob> sealed = IDS.stream().map(id -> Blob.copyOf(new byte[80])).toList();
    KeyDeal deal = new KeyDeal(IDS, 3, commitments, Blob.copyOf(new byte[60]), sealed);
    KeyVersion version = new KeyVersion(1, deal, new TreeSet<>(IDS), new TreeMap<>(), 10);
    KeyRecord record = new KeyRecord("key-1", "alias-1", "app", new TreeMap<>(Map.of(1L, version)), KeyState.ENABLED,
        Optional.empty(), 0, CHANGED_AT);
    Map<String, Ed25519PublicKey> publicKeys = new LinkedHashMap<>();
    keys.forEach((id, k) -> publicKeys.put(id, k.publicKey()));
    key = new ResolvedKey(record, version, publicKeys, 50, NETWORK);
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    request = SignedKeyRequest.sign(new KeyRequest(NETWORK, "app", "key-1", 0, Set.of(Capability.DECRYPT), Map.of(),
        HpkePrivateKey.generate(random).publicKey(), nonce, NOW, DeliveryMode.CLIENT), Ed25519PrivateKey.generate(random));
    IDS.forEach(id -> answers.put(id, new CompletableFuture<>()));
  }

  private final AttestorTransport transport = new AttestorTransport() {
    @Override
    public CompletableFuture<SignedAttestation> attest(String attestorId, SignedKeyRequest r, long minRegistryHeight) {
      return answers.get(attestorId);
    }

    @Override
    public CompletableFuture<SignedEnvelope> release(String attestorId, SignedKeyRequest r, QuorumCertificate qc) {
      return new CompletableFuture<>();
    }
  };

  private AttestationRound start() {
    return AttestationRound.start(key, request, transport, Duration.ofMinutes(1), () -> NOW);
  }

  private SignedAttestation attestation(String id, boolean allow, RequestDigest digest, long height, long issuedAt) {
    return SignedAttestation.sign(new Attestation(NETWORK, id, "key-1", 1, height, FACTS, digest, allow, "rule-" + id,
        allow ? "" : "not on Sundays", issuedAt, issuedAt + 60_000), keys.get(id));
  }

  private void answer(String id, boolean allow) {
    answers.get(id).complete(attestation(id, allow, request.digest(), 50, NOW - 1));
  }

  @Test
  void quorum_completesAtTheThirdApproval_withoutWaitingForTheFourth() {
    AttestationRound round = start();
    answer("a1", true);
    answer("a2", true);
    assertThat(round.quorum()).isNotDone();
    answer("a3", true);
    assertThat(round.quorum()).isCompleted();
    assertThat(round.quorum().join()).extracting(Approval::attestorId).containsExactly("a1", "a2", "a3");
    assertThat(round.outcomes().get(3).status()).isEqualTo(Status.PENDING);
  }

  @Test
  void quorum_failsAsSoonAsTIsImpossible_listingDenialsAndPending() {
    AttestationRound round = start();
    answer("a1", false);
    assertThat(round.quorum()).isNotDone();
    answer("a2", false);
    assertThat(round.quorum()).isCompletedExceptionally();
    try {
      round.quorum().join();
    } catch (CompletionException e) {
      OrchestratorException oe = (OrchestratorException) e.getCause();
      assertThat(oe.getMessage()).isEqualTo("insufficient attestations: 0 of 3 needed; "
          + "a1 denied (rule rule-a1: not on Sundays), a2 denied (rule rule-a2: not on Sundays), "
          + "a3 pending (no answer yet), a4 pending (no answer yet)");
      assertThat(oe.attestors().get(0).signed()).isPresent();
      return;
    }
    throw new AssertionError("quorum should have failed");
  }

  @Test
  void invalidAttestations_areNotCounted_andSayWhy() {
    AttestationRound round = start();
    byte[] other = new byte[32];
    answers.get("a1").complete(attestation("a1", true, RequestDigest.of(other), 50, NOW - 1));
    answers.get("a2").complete(attestation("a2", true, request.digest(), CHANGED_AT - 1, NOW - 1));
    answers.get("a3").complete(attestation("a3", true, request.digest(), 50, NOW - 120_000));
    // a4 answers with a3's name: a signature by the wrong key.
    answers.get("a4").complete(SignedAttestation.sign(new Attestation(NETWORK, "a4", "key-1", 1, 50, FACTS, request.digest(), true, "r",
        "", NOW - 1, NOW + 60_000), keys.get("a3")));
    assertThat(round.quorum()).isCompletedExceptionally();
    assertThat(round.outcomes()).extracting(AttestorOutcome::status).containsOnly(Status.INVALID);
    assertThat(round.outcomes()).extracting(AttestorOutcome::reason).containsExactly(
        "attestation is for another request",
        "judged at registry height 39, before the key's last change at 40",
        "attestation is outside its validity window",
        round.outcomes().get(3).reason());
    assertThat(round.outcomes().get(3).reason()).startsWith("attestation does not verify");
  }

  @Test
  void transportFailures_areUnreachable_andLateApprovalsServeAsReplacements() {
    AttestationRound round = start();
    answers.get("a1").completeExceptionally(new IllegalStateException("UNAVAILABLE: connection refused"));
    answer("a2", true);
    answer("a3", true);
    answer("a4", true);
    assertThat(round.quorum().join()).extracting(Approval::attestorId).containsExactly("a2", "a3", "a4");
    assertThat(round.outcomes().get(0).describe()).isEqualTo("a1 unreachable (UNAVAILABLE: connection refused)");
    assertThat(round.nextApproval(Set.of("a2", "a3", "a4"))).isCompletedExceptionally();
  }

  @Test
  void attestorRefusals_areReportedAsRefused_notUnreachable() {
    AttestationRound round = start();
    answers.get("a1").completeExceptionally(new AttestorRefusedException(
        "FAILED_PRECONDITION: REPLAY: nonce already used"));
    answers.get("a2").completeExceptionally(new AttestorRefusedException("UNAUTHENTICATED: UNKNOWN_CLIENT: app"));
    assertThat(round.quorum()).isCompletedExceptionally();
    assertThat(round.outcomes()).extracting(AttestorOutcome::status)
        .containsExactly(Status.REFUSED, Status.REFUSED, Status.PENDING, Status.PENDING);
    assertThat(round.outcomes().get(0).describe())
        .isEqualTo("a1 refused (FAILED_PRECONDITION: REPLAY: nonce already used)");
  }

  @Test
  void nextApproval_waitsForALateAnswer() {
    AttestationRound round = start();
    answer("a1", true);
    answer("a2", true);
    answer("a3", true);
    CompletableFuture<Approval> spare = round.nextApproval(Set.of("a1", "a2", "a3"));
    assertThat(spare).isNotDone();
    answer("a4", true);
    assertThat(spare.join().attestorId()).isEqualTo("a4");
  }

  @Test
  void faults_areReportedAsDetected_withTheirKind() {
    Map<String, AttestorFault> faults = new LinkedHashMap<>();
    AttestationRound round = AttestationRound.start(key, request, transport, Duration.ofMinutes(1), () -> NOW,
        AllowCheck.NONE, faults::put);
    answers.get("a1").complete(attestation("a1", true, RequestDigest.of(new byte[32]), 50, NOW - 1));
    assertThat(faults).containsExactly(Map.entry("a1", AttestorFault.WRONG_REQUEST));
    answers.get("a2").completeExceptionally(new OversizedAnswerException("answer exceeds the message-size limit"));
    answers.get("a3").completeExceptionally(new io.keyquorum.crypto.encoding.MalformedEncodingException("truncated"));
    answer("a4", false);
    assertThat(faults).containsExactly(Map.entry("a1", AttestorFault.WRONG_REQUEST),
        Map.entry("a2", AttestorFault.OVERSIZED), Map.entry("a3", AttestorFault.MALFORMED));
    assertThat(round.outcomes()).extracting(AttestorOutcome::status)
        .containsExactly(Status.INVALID, Status.INVALID, Status.INVALID, Status.DENIED);
    assertThat(round.outcomes().get(1).describe()).isEqualTo("a2 invalid (answer exceeds the message-size limit)");
  }

  @Test
  void anAllowTheCheckObjectsTo_isInvalid_andDoesNotCountTowardTheQuorum() {
    Map<String, AttestorFault> faults = new LinkedHashMap<>();
    AllowCheck check = (id, a) -> id.equals("a2") ? Optional.of("allow contradicts key policy p v1 (deny by rule 1)")
        : Optional.empty();
    AttestationRound round = AttestationRound.start(key, request, transport, Duration.ofMinutes(1), () -> NOW,
        check, faults::put);
    answer("a1", true);
    answer("a2", true);
    answer("a3", true);
    assertThat(round.quorum()).isNotDone();
    assertThat(round.outcomes().get(1).describe())
        .isEqualTo("a2 invalid (allow contradicts key policy p v1 (deny by rule 1))");
    assertThat(round.outcomes().get(1).signed()).as("the forged allow is kept as evidence").isPresent();
    assertThat(faults).containsExactly(Map.entry("a2", AttestorFault.CONTRADICTS_KEY_POLICY));
    answer("a4", true);
    assertThat(round.quorum().join()).extracting(Approval::attestorId).containsExactly("a1", "a3", "a4");
  }
}
