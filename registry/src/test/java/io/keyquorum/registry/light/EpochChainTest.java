package io.keyquorum.registry.light;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.consensus.Block;
import io.keyquorum.consensus.CommitProof;
import io.keyquorum.consensus.QuorumCertificate;
import io.keyquorum.consensus.ReplicaSet;
import io.keyquorum.consensus.Vote;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.registry.TestNetwork;
import io.keyquorum.registry.command.SignedCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The light client's epoch chain, with a synthetic epoch 1 (attestor-4 removed) committed by a
 * three-chain whose votes are signed with the genesis attestors' real keys.
 */
class EpochChainTest {
  private final TestNetwork net = new TestNetwork();
  private final SignedCommand genesis = net.genesis();
  private final GenesisHash pinned = genesis.genesisHash();
  private final EpochChain chain = EpochChain.fromGenesis(pinned, genesis);
  private final MembershipEpoch epoch0 = chain.head();

  private MembershipEpoch withoutAttestor4(GenesisHash network, byte[] previous) {
    return new MembershipEpoch(1, network, previous, epoch0.members().subList(0, 3));
  }

  /** Commits {@code carried} in block 1 with b1 ← b2 ← b3 and QC(b3), votes signed by {@code voters}. */
  private EpochProof commit(byte[] carried, byte[] claimed, List<Ed25519PrivateKey> voters) {
    ReplicaSet replicas = epoch0.replicas();
    Block b1 = new Block(1, 1, replicas.leaderOf(1), 1_000, replicas.genesisHash(), QuorumCertificate.genesis(replicas),
        List.of(carried));
    QuorumCertificate qc1 = certify(b1, voters);
    Block b2 = new Block(2, 2, replicas.leaderOf(2), 2_000, b1.hash(), qc1, List.of());
    QuorumCertificate qc2 = certify(b2, voters);
    Block b3 = new Block(3, 3, replicas.leaderOf(3), 3_000, b2.hash(), qc2, List.of());
    return new EpochProof(claimed, b1, new CommitProof(b1.hash(), 1, b2, b3, certify(b3, voters)));
  }

  private static QuorumCertificate certify(Block b, List<Ed25519PrivateKey> voters) {
    List<Vote> votes = new ArrayList<>();
    for (int i = 0; i < voters.size(); i++) {
      votes.add(Vote.sign(b.view(), b.hash(), i, voters.get(i)));
    }
    return QuorumCertificate.form(votes);
  }

  private List<Ed25519PrivateKey> genesisQuorum() {
    return TestNetwork.ATTESTORS.subList(0, 3).stream().map(net::key).toList();
  }

  @Test
  void epochZero_isTheGenesisItself() {
    assertThat(epoch0.number()).isZero();
    assertThat(epoch0.hash()).isEqualTo(pinned.bytes());
    assertThat(epoch0.keys()).containsOnlyKeys(TestNetwork.ATTESTORS);
    assertThat(epoch0.keys().get("attestor-2")).isEqualTo(net.key("attestor-2").publicKey());
  }

  @Test
  void genesisThatIsNotThePinnedOne_isRefused() {
    TestNetwork other = new TestNetwork();
    other.genesis();
    SignedCommand substitute = other.genesis(); // same admins and name, other attestor details
    assertThatThrownBy(() -> EpochChain.fromGenesis(pinned, substitute))
        .isInstanceOf(UnprovenMembershipException.class)
        .hasMessageContaining("genesis offered is not the pinned one");
  }

  @Test
  void committedSecondEpoch_extendsTheChain() {
    byte[] epoch1 = withoutAttestor4(pinned, epoch0.hash()).encode();
    EpochProof proof = EpochProof.decode(commit(epoch1, epoch1, genesisQuorum()).encode());

    EpochChain longer = EpochChain.verify(pinned, genesis, List.of(proof));

    assertThat(longer.head().number()).isEqualTo(1);
    assertThat(longer.head().keys()).containsOnlyKeys("attestor-1", "attestor-2", "attestor-3");
    longer.requireAtLeast(1);
  }

  @Test
  void hiddenMembershipChange_isRefused() {
    // An attestation names epoch 1 (attestor-4 removed) but the orchestrator offers only genesis.
    assertThatThrownBy(() -> chain.requireAtLeast(1))
        .isInstanceOf(UnprovenMembershipException.class)
        .hasMessageContaining("attestations name membership epoch 1, but the orchestrator proved epochs only up to 0")
        .hasMessageContaining("hidden");
  }

  @Test
  void epochCertifiedByNonMembers_isRefused() {
    byte[] epoch1 = withoutAttestor4(pinned, epoch0.hash()).encode();
    List<Ed25519PrivateKey> strangers = List.of(TestNetwork.keyFromSeed(90), TestNetwork.keyFromSeed(91),
        TestNetwork.keyFromSeed(92));
    assertThatThrownBy(() -> chain.extend(commit(epoch1, epoch1, strangers)))
        .isInstanceOf(UnprovenMembershipException.class)
        .hasMessageContaining("commit proof does not verify under epoch 0's members");
  }

  @Test
  void epochWithTooFewVotes_isRefused() {
    byte[] epoch1 = withoutAttestor4(pinned, epoch0.hash()).encode();
    assertThatThrownBy(() -> chain.extend(commit(epoch1, epoch1, genesisQuorum().subList(0, 2))))
        .isInstanceOf(UnprovenMembershipException.class).hasMessageContaining("TOO_FEW_VOTERS");
  }

  @Test
  void epochTheCommittedBlockDoesNotCarry_isRefused() {
    byte[] committed = withoutAttestor4(pinned, epoch0.hash()).encode();
    byte[] claimed = new MembershipEpoch(1, pinned, epoch0.hash(), epoch0.members().subList(1, 4)).encode();
    assertThatThrownBy(() -> chain.extend(commit(committed, claimed, genesisQuorum())))
        .isInstanceOf(UnprovenMembershipException.class)
        .hasMessageContaining("the committed block does not carry it");
  }

  @Test
  void epochNotLinkedToThePreviousOne_isRefused() {
    byte[] fork = withoutAttestor4(pinned, new byte[32]).encode();
    assertThatThrownBy(() -> chain.extend(commit(fork, fork, genesisQuorum())))
        .isInstanceOf(UnprovenMembershipException.class)
        .hasMessageContaining("does not name the hash of epoch 0");
  }

  @Test
  void epochOfAnotherNetwork_isRefused() {
    GenesisHash other = GenesisHash.ofPayload(new byte[] {1});
    byte[] foreign = withoutAttestor4(other, epoch0.hash()).encode();
    assertThatThrownBy(() -> chain.extend(commit(foreign, foreign, genesisQuorum())))
        .isInstanceOf(UnprovenMembershipException.class)
        .hasMessageContaining("is for network " + other);
  }

  @Test
  void skippedEpochNumber_isRefused() {
    byte[] epoch2 = new MembershipEpoch(2, pinned, epoch0.hash(), epoch0.members().subList(0, 3)).encode();
    assertThatThrownBy(() -> chain.extend(commit(epoch2, epoch2, genesisQuorum())))
        .isInstanceOf(UnprovenMembershipException.class)
        .hasMessageContaining("epoch 2 does not follow epoch 0");
  }
}
