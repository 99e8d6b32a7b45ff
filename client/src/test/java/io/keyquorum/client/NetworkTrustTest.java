package io.keyquorum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.KeyVersionFacts;
import io.keyquorum.protocol.RequestDigest;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.registry.command.AdminInfo;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.OrchestratorInfo;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.rpc.v1.NetworkInfo;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the client accepts as evidence, against a synthetic network whose attestor keys the test holds. */
class NetworkTrustTest {
  private final SecureRandom random = new SecureRandom();
  private final List<Ed25519PrivateKey> attestors = new ArrayList<>();
  private final SignedCommand genesis;
  private final GenesisHash pinned;
  private final NetworkTrust trust;
  private final RequestDigest digest;
  private final KeyVersionFacts facts = new KeyVersionFacts(0, 3, 4, KeyVersionFacts.digestOf(List.of(new byte[33])));

  NetworkTrustTest() {
    Ed25519PrivateKey admin = Ed25519PrivateKey.generate(random);
    List<AttestorInfo> infos = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      Ed25519PrivateKey k = Ed25519PrivateKey.generate(random);
      attestors.add(k);
      infos.add(new AttestorInfo("attestor-" + i, k.publicKey(), Blob.copyOf(new byte[32]), Blob.copyOf(new byte[32]),
          "127.0.0.1:" + (7400 + i), Map.of()));
    }
    genesis = SignedCommand.sign(new Genesis(new CommandHeader("net", GenesisHash.NONE, "admin", 1), 1, infos,
        List.of(new AdminInfo("admin", admin.publicKey())),
        new OrchestratorInfo("orchestrator", Ed25519PrivateKey.generate(random).publicKey(), Blob.copyOf(new byte[32]))),
        admin);
    pinned = genesis.genesisHash();
    trust = NetworkTrust.of(pinned, NetworkInfo.newBuilder().setGenesis(ByteString.copyFrom(genesis.encode())).build());
    digest = SignedKeyRequest.sign(new KeyRequest(pinned, "app", "key-1", 0, Set.of(Capability.RELEASE), Map.of(),
        HpkePrivateKey.generate(random).publicKey(), new byte[16], 1, DeliveryMode.CLIENT),
        Ed25519PrivateKey.generate(random)).digest();
  }

  private SignedAttestation attestation(int i, GenesisHash network, KeyVersionFacts f) {
    long now = System.currentTimeMillis();
    return SignedAttestation.sign(new Attestation(network, "attestor-" + i, "key-1", 1, 5, f, digest, true, "r", "",
        now, now + 60_000), attestors.get(i - 1));
  }

  private List<SignedAttestation> quorum(KeyVersionFacts f) {
    return List.of(attestation(1, pinned, f), attestation(2, pinned, f), attestation(3, pinned, f));
  }

  @Test
  void agreeingQuorum_givesTheFactsItSigns() {
    assertThat(trust.checkEvidence(quorum(facts), digest, "key-1", 1)).isEqualTo(facts);
    assertThat(trust.attestorKeys().get("attestor-2")).isEqualTo(attestors.get(1).publicKey());
  }

  @Test
  void orchestratorHidingAMembershipChange_isRefusedByClient() {
    // The attestors judged under epoch 1 (say, attestor-4 removed); the orchestrator offers only genesis.
    KeyVersionFacts underEpoch1 = new KeyVersionFacts(1, 3, 4, facts.commitmentsDigest());
    assertThatThrownBy(() -> trust.checkEvidence(quorum(underEpoch1), digest, "key-1", 1))
        .isInstanceOf(KeyQuorumException.class)
        .hasMessageContaining("attestations name membership epoch 1, but the orchestrator proved epochs only up to 0");
  }

  @Test
  void attestationFromAnotherNetwork_isNotAcceptedByClient() {
    GenesisHash other = GenesisHash.ofPayload(new byte[] {9});
    List<SignedAttestation> mixed = List.of(attestation(1, pinned, facts), attestation(2, other, facts),
        attestation(3, pinned, facts));
    assertThatThrownBy(() -> trust.checkEvidence(mixed, digest, "key-1", 1))
        .isInstanceOf(KeyQuorumException.class)
        .hasMessageContaining("from attestor-2 is for network " + other + ", not the pinned " + pinned);
  }

  @Test
  void attestationsDisagreeingOnTheVersion_areRefusedNamingBoth() {
    KeyVersionFacts lowered = new KeyVersionFacts(0, 1, 4, facts.commitmentsDigest());
    List<SignedAttestation> mixed = List.of(attestation(1, pinned, facts), attestation(2, pinned, lowered),
        attestation(3, pinned, facts));
    assertThatThrownBy(() -> trust.checkEvidence(mixed, digest, "key-1", 1))
        .isInstanceOf(KeyQuorumException.class)
        .hasMessageContaining("disagree on key-1 v1: attestor-1 signs epoch 0, t = 3 of 4")
        .hasMessageContaining("attestor-2 signs epoch 0, t = 1 of 4");
  }

  @Test
  void fewerThanFPlusOneAttestors_cannotVouchForAVersion() {
    // One colluding attestor (f = 1 of 4) signs t = 1 and commitments of the orchestrator's choice.
    KeyVersionFacts chosen = new KeyVersionFacts(0, 1, 4, KeyVersionFacts.digestOf(List.of(new byte[33])));
    assertThatThrownBy(() -> trust.checkEvidence(List.of(attestation(4, pinned, chosen)), digest, "key-1", 1))
        .isInstanceOf(KeyQuorumException.class)
        .hasMessageContaining("returned 1 attestations for key-1 v1; at least f + 1 = 2 must vouch for its t and commitments");
  }

  @Test
  void genesisOtherThanThePinnedOne_isRefused() {
    GenesisHash otherPin = GenesisHash.ofPayload(new byte[] {1});
    NetworkInfo info = NetworkInfo.newBuilder().setGenesis(ByteString.copyFrom(genesis.encode())).build();
    assertThatThrownBy(() -> NetworkTrust.of(otherPin, info))
        .isInstanceOf(KeyQuorumException.class)
        .hasMessageContaining("not proven from the pinned genesis " + otherPin);
    assertThatThrownBy(() -> NetworkTrust.of(pinned, NetworkInfo.getDefaultInstance()))
        .isInstanceOf(KeyQuorumException.class).hasMessageContaining("not proven from the pinned genesis");
  }
}
