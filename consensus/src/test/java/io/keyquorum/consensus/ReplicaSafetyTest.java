package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives one replica (index 3 of 4) by hand with proposals the test signs, and checks each safety rule. */
class ReplicaSafetyTest {
  private final TestKeys keys = new TestKeys(4, 33);
  private final ChainBuilder chain = new ChainBuilder(keys);
  private final Block genesis = keys.replicas.genesis();
  private final Block b1 = chain.child(genesis, chain.genesisQc(), 1, "x".getBytes());
  private final Block b2 = chain.child(b1, chain.certify(b1), 2);
  private final Block b3 = chain.child(b2, chain.certify(b2), 3);
  private final Block b4 = chain.child(b3, chain.certify(b3), 4);
  private final RecordingNetwork net = new RecordingNetwork();
  private final List<CommittedBlock> commits = new ArrayList<>();

  @TempDir
  Path dir;

  private Replica replica(BlockStore store, RecordingNetwork network) {
    return new Replica(3, keys.key(3), keys.replicas, store, network, commits::add, ReplicaConfig.defaults(), SignatureVerifier.ED25519);
  }

  private void propose(Replica r, Block b) {
    r.onMessage(b.proposer(), chain.proposal(b));
  }

  @Test
  void equivocatingLeader_getsAtMostOneVotePerView() {
    Replica r = replica(new InMemoryBlockStore(), net);
    Block twin = chain.child(genesis, chain.genesisQc(), 1, "y".getBytes());
    propose(r, b1);
    propose(r, twin);
    propose(r, b1);
    assertThat(net.votes()).extracting(Vote::blockHash).containsExactly(b1.hash());
    assertThat(net.sent.get(0).to()).as("votes go to the next view's leader").isEqualTo(keys.replicas.leaderOf(2));
  }

  @Test
  void crashAfterPersistingVoteButBeforeSending_neverVotesAgainInThatView() {
    Path file = dir.resolve("replica3.db");
    RecordingNetwork dying = new RecordingNetwork();
    dying.dieOnSend = true;
    try (SqliteBlockStore store = new SqliteBlockStore(file)) {
      Replica r = replica(store, dying);
      assertThatThrownBy(() -> propose(r, b1)).hasMessageContaining("simulated crash");
    }
    try (SqliteBlockStore store = new SqliteBlockStore(file)) {
      Replica restarted = replica(store, net);
      assertThat(restarted.safetyState().lastVotedView()).isEqualTo(1);
      propose(restarted, b1);
      propose(restarted, chain.child(genesis, chain.genesisQc(), 1, "y".getBytes()));
      assertThat(net.votes()).isEmpty();
      propose(restarted, b2);
      assertThat(net.votes()).extracting(Vote::view).containsExactly(2L);
    }
  }

  @Test
  void replicaLocksOnTheTwoChainAndRefusesAConflictingProposalWithAnOlderJustify() {
    Replica r = replica(new InMemoryBlockStore(), net);
    propose(r, b1);
    propose(r, b2);
    propose(r, b3);
    assertThat(r.safetyState().lockedQc().blockHash()).as("b3 carries QC(b2), so the lock is b2.justify = QC(b1)").isEqualTo(b1.hash());
    Block fork = chain.child(genesis, chain.genesisQc(), 4, "fork".getBytes());
    assertThat(r.safeNode(fork)).isFalse();
    propose(r, fork);
    assertThat(net.votes()).extracting(Vote::view).containsExactly(1L, 2L, 3L);
    Block successor = chain.child(b3, chain.certify(b3), 5);
    propose(r, successor);
    assertThat(net.votes()).extracting(Vote::blockHash).containsExactly(b1.hash(), b2.hash(), b3.hash(), successor.hash());
  }

  @Test
  void safeNode_acceptsAConflictingBlockWhoseJustifyIsNewerThanTheLock() {
    Replica r = replica(new InMemoryBlockStore(), net);
    propose(r, b1);
    propose(r, b2);
    propose(r, b3);
    Block conflicting = chain.child(genesis, chain.genesisQc(), 2, "c".getBytes());
    Block onConflicting = chain.child(conflicting, chain.certify(conflicting), 5);
    assertThat(r.safeNode(onConflicting)).as("justify view 2 > locked view 1: the liveness rule").isTrue();
    assertThat(r.safeNode(chain.child(b3, chain.certify(b3), 6))).isTrue();
  }

  @Test
  void threeChainInConsecutiveViews_commitsTheFirstBlockOnce() {
    Replica r = replica(new InMemoryBlockStore(), net);
    propose(r, b1);
    propose(r, b2);
    propose(r, b3);
    assertThat(commits).isEmpty();
    propose(r, b4);
    propose(r, b4);
    assertThat(commits).extracting(CommittedBlock::height).containsExactly(1L);
    assertThat(commits.get(0).hash()).isEqualTo(b1.hash());
    assertThat(r.latestCommitProof().committed()).isEqualTo(b1.hash());
    assertProofVerifies(r);
  }

  private void assertProofVerifies(Replica r) {
    r.latestCommitProof().verify(keys.replicas, SignatureVerifier.ED25519);
  }

  @Test
  void threeChainWithAViewGap_doesNotCommit() {
    Replica r = replica(new InMemoryBlockStore(), net);
    Block c2 = chain.child(b1, chain.certify(b1), 3);
    Block c3 = chain.child(c2, chain.certify(c2), 4);
    Block c4 = chain.child(c3, chain.certify(c3), 5);
    for (Block b : List.of(b1, c2, c3, c4)) {
      propose(r, b);
    }
    assertThat(commits).isEmpty();
    propose(r, chain.child(c4, chain.certify(c4), 6));
    assertThat(commits).as("c2 <- c3 <- c4 are consecutive, so c2 and its ancestor b1 commit")
        .extracting(CommittedBlock::hash).containsExactly(b1.hash(), c2.hash());
  }

  @Test
  void proposalRepeatingACommittedCommand_getsNoVote() {
    Replica r = replica(new InMemoryBlockStore(), net);
    for (Block b : List.of(b1, b2, b3, b4)) {
      propose(r, b);
    }
    Block again = chain.child(b4, chain.certify(b4), 5, "x".getBytes());
    propose(r, again);
    assertThat(net.votes()).extracting(Vote::view).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void proposalSignedByANonLeader_isDroppedAndCounted() {
    Replica r = replica(new InMemoryBlockStore(), net);
    byte[] forged = ConsensusMessage.Proposal.sign(b1, 2, keys.key(2)).encode();
    r.onMessage(2, forged);
    assertThat(net.votes()).isEmpty();
    assertThat(r.droppedMessages()).isEqualTo(1);
  }

  @Test
  void duplicatedVotes_doNotFormACertificate_butAQuorumForAnUnknownBlockTriggersCatchUp() {
    Replica r = replica(new InMemoryBlockStore(), net);
    long view = 11; // votes for view 11 go to the leader of view 12, which is replica 3
    BlockHash unknown = BlockHash.sha256("unknown".getBytes());
    Vote v0 = Vote.sign(view, unknown, 0, keys.key(0));
    for (int i = 0; i < 5; i++) {
      r.onMessage(0, new ConsensusMessage.VoteMessage(v0).encode());
    }
    assertThat(net.ofType(ConsensusMessage.SyncRequest.class)).isEmpty();
    r.onMessage(1, new ConsensusMessage.VoteMessage(Vote.sign(view, unknown, 1, keys.key(1))).encode());
    r.onMessage(2, new ConsensusMessage.VoteMessage(Vote.sign(view, unknown, 2, keys.key(2))).encode());
    assertThat(net.ofType(ConsensusMessage.SyncRequest.class)).extracting(ConsensusMessage.SyncRequest::target)
        .containsExactly(unknown);
  }

  @Test
  void voteWithAForgedSignature_isDropped() {
    Replica r = replica(new InMemoryBlockStore(), net);
    Vote real = Vote.sign(11, b1.hash(), 0, keys.key(0));
    r.onMessage(1, new ConsensusMessage.VoteMessage(new Vote(11, b1.hash(), 1, real.signature())).encode());
    assertThat(r.droppedMessages()).isEqualTo(1);
  }
}
