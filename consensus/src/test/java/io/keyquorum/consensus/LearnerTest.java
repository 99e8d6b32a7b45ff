package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.consensus.ConsensusMessage.SyncRequest;
import io.keyquorum.consensus.ConsensusMessage.SyncResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnerTest {
  private final TestKeys keys = new TestKeys(4, 44);
  private final ChainBuilder chain = new ChainBuilder(keys);
  private final Block b1 = chain.child(keys.replicas.genesis(), chain.genesisQc(), 1, "x".getBytes());
  private final Block b2 = chain.child(b1, chain.certify(b1), 2);
  private final Block b3 = chain.child(b2, chain.certify(b2), 3);
  private final CommitProof noProof = new CommitProof(keys.replicas.genesisHash(), 0, null, null, null);
  private final RecordingNetwork net = new RecordingNetwork();
  private final List<CommittedBlock> commits = new ArrayList<>();
  private final Learner learner = new Learner(keys.replicas, net, commits::add, 100, SignatureVerifier.ED25519);

  @Test
  void pollsReplicasInTurn_fromItsNextHeight() {
    learner.onTick(0);
    learner.onTick(50);
    learner.onTick(100);
    assertThat(net.sent).extracting(RecordingNetwork.Sent::to).containsExactly(0, 1);
    assertThat(net.ofType(SyncRequest.class)).extracting(SyncRequest::fromHeight).containsOnly(1L);
  }

  @Test
  void certifiedThreeChain_isCommitted() {
    learner.onMessage(2, new SyncResponse(List.of(b1, b2, b3), chain.certify(b3), noProof).encode());
    assertThat(commits).extracting(CommittedBlock::hash).containsExactly(b1.hash());
    assertThat(learner.committedHeight()).isEqualTo(1);
  }

  @Test
  void certificateSignedByOutsiders_isRefusedAndNothingCommits() {
    ChainBuilder outsiders = new ChainBuilder(new TestKeys(4, 999));
    learner.onMessage(2, new SyncResponse(List.of(b1, b2, b3), outsiders.certify(b3), noProof).encode());
    assertThat(commits).isEmpty();
    assertThat(learner.droppedMessages()).isEqualTo(1);
  }

  @Test
  void commitProofForABlockThatIsNotCertified_isRefused() {
    Block fake = chain.child(keys.replicas.genesis(), chain.genesisQc(), 1, "fake".getBytes());
    ChainBuilder outsiders = new ChainBuilder(new TestKeys(4, 999));
    Block c1 = new Block(2, 2, fake.proposer(), 2, fake.hash(), outsiders.certify(fake), List.of());
    Block c2 = new Block(3, 3, c1.proposer(), 3, c1.hash(), outsiders.certify(c1), List.of());
    CommitProof forged = new CommitProof(fake.hash(), 1, c1, c2, outsiders.certify(c2));
    learner.onMessage(1, new SyncResponse(List.of(fake), chain.genesisQc(), forged).encode());
    assertThat(commits).isEmpty();
    assertThatThrownBy(() -> forged.verify(keys.replicas, SignatureVerifier.ED25519)).isInstanceOf(InvalidCertificateException.class);
  }

  @Test
  void commitProofOnAForkBlock_commitsTheChainItNames() {
    Block fork3 = chain.child(b2, chain.certify(b2), 3, "fork".getBytes());
    CommitProof proof = new CommitProof(b1.hash(), 1, b2, fork3, chain.certify(fork3));
    learner.onMessage(1, new SyncResponse(List.of(b1, b2), chain.certify(b2), proof).encode());
    assertThat(commits).extracting(CommittedBlock::hash).containsExactly(b1.hash());
    assertThat(learner.latestCommitProof()).isEqualTo(proof);
  }
}
