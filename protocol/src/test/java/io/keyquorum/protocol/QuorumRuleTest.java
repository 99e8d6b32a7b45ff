package io.keyquorum.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.protocol.QuorumRefusedException.Fault;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class QuorumRuleTest {
  private final Ed25519PrivateKey a1 = Fixtures.signer(11);
  private final Ed25519PrivateKey a2 = Fixtures.signer(12);
  private final Ed25519PrivateKey a3 = Fixtures.signer(13);
  private final Map<String, Ed25519PublicKey> set = Map.of(
      "attestor-1", a1.publicKey(), "attestor-2", a2.publicKey(), "attestor-3", a3.publicKey());
  private final QuorumRule rule = new QuorumRule(Fixtures.NETWORK, "key-1", 1, set, 2, 5);
  private final RequestDigest digest =
      SignedKeyRequest.sign(Fixtures.request("app-1", Map.of()), Fixtures.signer(1)).digest();

  private SignedAttestation allow(String id, Ed25519PrivateKey key) {
    return SignedAttestation.sign(Fixtures.allow(id, digest), key);
  }

  @Test
  void twoValidAllows_areAccepted() {
    QuorumCertificate qc = new QuorumCertificate(List.of(allow("attestor-1", a1), allow("attestor-2", a2)));

    assertThat(rule.check(QuorumCertificate.decode(qc.encode()), digest, Fixtures.NOW, Optional.of("attestor-1")))
        .extracting(Attestation::attestorId)
        .containsExactly("attestor-1", "attestor-2");
  }

  @Test
  void tooFewMembers_isRefused() {
    QuorumCertificate qc = new QuorumCertificate(List.of(allow("attestor-1", a1)));
    assertThatThrownBy(() -> rule.check(qc, digest, Fixtures.NOW, Optional.empty()))
        .isInstanceOf(QuorumRefusedException.class).hasMessageContaining("1 attestations; 2 needed")
        .isInstanceOfSatisfying(QuorumRefusedException.class, hasFault(Fault.TOO_FEW));
  }

  @Test
  void duplicateAttestor_isRefused() {
    QuorumCertificate qc = new QuorumCertificate(List.of(allow("attestor-1", a1), allow("attestor-1", a1)));
    assertThatThrownBy(() -> rule.check(qc, digest, Fixtures.NOW, Optional.empty()))
        .hasMessageContaining("attestor-1 appears twice")
        .isInstanceOfSatisfying(QuorumRefusedException.class, hasFault(Fault.DUPLICATE));
  }

  @Test
  void forgedSignature_isRefused() {
    QuorumCertificate qc = new QuorumCertificate(List.of(allow("attestor-1", a1), allow("attestor-2", a3)));
    assertThatThrownBy(() -> rule.check(qc, digest, Fixtures.NOW, Optional.empty()))
        .hasMessageContaining("attestation from attestor-2 is invalid")
        .isInstanceOfSatisfying(QuorumRefusedException.class, hasFault(Fault.BAD_SIGNATURE));
  }

  @Test
  void attestationForAnotherRequest_isRefused() {
    RequestDigest other = SignedKeyRequest.sign(Fixtures.request("app-2", Map.of()), Fixtures.signer(1)).digest();
    QuorumCertificate qc = new QuorumCertificate(List.of(
        allow("attestor-1", a1), SignedAttestation.sign(Fixtures.allow("attestor-2", other), a2)));
    assertThatThrownBy(() -> rule.check(qc, digest, Fixtures.NOW, Optional.empty()))
        .hasMessageContaining("attestor-2 is for another request")
        .isInstanceOfSatisfying(QuorumRefusedException.class, hasFault(Fault.WRONG_REQUEST));
  }

  @Test
  void attestationFromAnotherNetwork_isNotAcceptedInAQuorum() {
    // The same attestor key, the same request digest, but signed for network B: on network A it is
    // worthless, even though its signature verifies.
    QuorumCertificate qc = new QuorumCertificate(List.of(allow("attestor-1", a1),
        SignedAttestation.sign(Fixtures.allow(Fixtures.OTHER_NETWORK, "attestor-2", digest), a2)));
    assertThatThrownBy(() -> rule.check(qc, digest, Fixtures.NOW, Optional.empty()))
        .hasMessageContaining("attestation from attestor-2 is for network " + Fixtures.OTHER_NETWORK)
        .isInstanceOfSatisfying(QuorumRefusedException.class, hasFault(Fault.WRONG_NETWORK));
  }

  @Test
  void attestation_signsTheVersionFactsAndNetwork() {
    Attestation a = SignedAttestation.decode(allow("attestor-1", a1).encode()).verify(a1.publicKey());
    assertThat(a.network()).isEqualTo(Fixtures.NETWORK);
    assertThat(a.facts()).isEqualTo(Fixtures.FACTS);
    assertThat(a.facts().commitmentsMatch(KeyVersionFacts.digestOf(List.of(new byte[33])))).isTrue();
  }

  @Test
  void allowingAttestationWithoutVersionFacts_cannotBeMade() {
    assertThatThrownBy(() -> new Attestation(Fixtures.NETWORK, "attestor-1", "key-1", 1, 10, KeyVersionFacts.UNKNOWN,
        digest, true, "r", "", Fixtures.NOW, Fixtures.NOW + 1))
        .hasMessageContaining("must state the version's t, n and commitments");
  }

  @Test
  void expiredAttestation_isRefused() {
    QuorumCertificate qc = new QuorumCertificate(List.of(allow("attestor-1", a1), allow("attestor-2", a2)));
    assertThatThrownBy(() -> rule.check(qc, digest, Fixtures.NOW + 60_000, Optional.empty()))
        .hasMessageContaining("expired")
        .isInstanceOfSatisfying(QuorumRefusedException.class, hasFault(Fault.EXPIRED));
  }

  @Test
  void denial_cannotCountTowardsAQuorum() {
    Attestation deny = new Attestation(Fixtures.NETWORK, "attestor-2", "key-1", 1, 10, KeyVersionFacts.UNKNOWN, digest, false, "default-deny", "", Fixtures.NOW - 1, Fixtures.NOW + 1000);
    QuorumCertificate qc = new QuorumCertificate(List.of(allow("attestor-1", a1), SignedAttestation.sign(deny, a2)));
    assertThatThrownBy(() -> rule.check(qc, digest, Fixtures.NOW, Optional.empty()))
        .hasMessageContaining("attestor-2 denies")
        .isInstanceOfSatisfying(QuorumRefusedException.class, hasFault(Fault.DENIES));
  }

  @Test
  void judgementBeforeTheKeysLastChange_isRefused() {
    QuorumRule revoked = new QuorumRule(Fixtures.NETWORK, "key-1", 1, set, 2, 11);
    QuorumCertificate qc = new QuorumCertificate(List.of(allow("attestor-1", a1), allow("attestor-2", a2)));
    assertThatThrownBy(() -> revoked.check(qc, digest, Fixtures.NOW, Optional.empty()))
        .hasMessageContaining("before the key's last change at 11")
        .isInstanceOfSatisfying(QuorumRefusedException.class, hasFault(Fault.STALE_HEIGHT));
  }

  @Test
  void certificateWithoutTheReleasingAttestor_isRefused() {
    QuorumCertificate qc = new QuorumCertificate(List.of(allow("attestor-1", a1), allow("attestor-2", a2)));
    assertThatThrownBy(() -> rule.check(qc, digest, Fixtures.NOW, Optional.of("attestor-3")))
        .hasMessageContaining("lacks this attestor's (attestor-3) own attestation")
        .isInstanceOfSatisfying(QuorumRefusedException.class, hasFault(Fault.LACKS_OWN));
  }

  @Test
  void outsider_isRefused() {
    Ed25519PrivateKey outsider = Fixtures.signer(99);
    QuorumCertificate qc = new QuorumCertificate(List.of(allow("attestor-1", a1), allow("attestor-9", outsider)));
    assertThatThrownBy(() -> rule.check(qc, digest, Fixtures.NOW, Optional.empty()))
        .hasMessageContaining("attestor-9 is not in the attestor set")
        .isInstanceOfSatisfying(QuorumRefusedException.class, hasFault(Fault.NOT_A_MEMBER));
  }

  private static Consumer<QuorumRefusedException> hasFault(Fault fault) {
    return e -> assertThat(e.fault()).isEqualTo(fault);
  }
}
