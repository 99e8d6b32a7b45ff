package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link BlockStore} must have; each implementation runs this same suite. */
abstract class BlockStoreContract {
  final TestKeys keys = new TestKeys(4, 21);
  final ChainBuilder chain = new ChainBuilder(keys);
  final Block b1 = chain.child(keys.replicas.genesis(), chain.genesisQc(), 1, "one".getBytes());
  final Block b2 = chain.child(b1, chain.certify(b1), 2, "two".getBytes());
  final Block b3 = chain.child(b2, chain.certify(b2), 3);
  BlockStore store;

  abstract BlockStore open();

  @BeforeEach
  void openStore() {
    store = open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void emptyStore_hasNoBlocksNoCommitAndNoSafetyState() {
    assertThat(store.loadBlocks()).isEmpty();
    assertThat(store.loadCommitted()).isEmpty();
    assertThat(store.loadSafety()).isEmpty();
  }

  @Test
  void blocks_comeBackInHeightOrder_andStoringTwiceIsANoOp() {
    store.putBlock(b3);
    store.putBlock(b1);
    store.putBlock(b2);
    store.putBlock(b1);
    store.putBlock(keys.replicas.genesis());
    assertThat(store.loadBlocks()).extracting(Block::hash).containsExactly(b1.hash(), b2.hash(), b3.hash());
    assertThat(store.loadBlocks().get(0).encoded()).isEqualTo(b1.encoded());
  }

  @Test
  void safetyState_roundTrips_andTheLatestWins() {
    store.saveSafety(new SafetyState(3, chain.genesisQc(), chain.certify(b1)));
    store.saveSafety(new SafetyState(7, chain.certify(b1), chain.certify(b2)));
    SafetyState s = store.loadSafety().orElseThrow();
    assertThat(s.lastVotedView()).isEqualTo(7);
    assertThat(s.lockedQc().encode()).isEqualTo(chain.certify(b1).encode());
    assertThat(s.highQc().blockHash()).isEqualTo(b2.hash());
  }

  @Test
  void commitProof_roundTrips() {
    QuorumCertificate qc3 = chain.certify(b3);
    store.saveCommitted(new CommitProof(b1.hash(), 1, b2, b3, qc3));
    CommitProof p = store.loadCommitted().orElseThrow();
    assertThat(p.height()).isEqualTo(1);
    assertThat(p.committed()).isEqualTo(b1.hash());
    assertThat(p.encode()).isEqualTo(new CommitProof(b1.hash(), 1, b2, b3, qc3).encode());
  }

  @Test
  void replicaRestartedOnTheStore_recoversItsCommittedChain() {
    List<Block> committedBlocks = new java.util.ArrayList<>();
    Block b4 = chain.child(b3, chain.certify(b3), 4);
    Replica r = new Replica(3, keys.key(3), keys.replicas, store, new RecordingNetwork(), b -> { }, ReplicaConfig.defaults(),
        SignatureVerifier.ED25519);
    for (Block b : List.of(b1, b2, b3, b4)) {
      r.onMessage(b.proposer(), chain.proposal(b));
    }
    assertThat(r.committedHeight()).isEqualTo(1);
    Replica again = new Replica(3, keys.key(3), keys.replicas, store, new RecordingNetwork(), b -> committedBlocks.add(null),
        ReplicaConfig.defaults(), SignatureVerifier.ED25519);
    assertThat(again.committedHeight()).isEqualTo(1);
    assertThat(again.latestCommitProof().committed()).isEqualTo(b1.hash());
    assertThat(again.safetyState().lastVotedView()).isEqualTo(4);
    assertThat(committedBlocks).as("nothing is delivered twice after restart").isEmpty();
  }
}
