package io.keyquorum.consensus;

import java.util.ArrayList;
import java.util.List;

/** Builds certified blocks by hand for unit tests, signing votes with the test replicas' keys. */
final class ChainBuilder {
  final TestKeys keys;
  final ReplicaSet replicas;

  ChainBuilder(TestKeys keys) {
    this.keys = keys;
    this.replicas = keys.replicas;
  }

  QuorumCertificate genesisQc() {
    return QuorumCertificate.genesis(replicas);
  }

  /** A QC for {@code block} signed by replicas {@code 0..q-1}. */
  QuorumCertificate certify(Block block) {
    List<Integer> voters = new ArrayList<>();
    for (int i = 0; i < replicas.quorum(); i++) {
      voters.add(i);
    }
    return certify(block, voters);
  }

  QuorumCertificate certify(Block block, List<Integer> voters) {
    List<Vote> votes = new ArrayList<>();
    for (int v : voters) {
      votes.add(Vote.sign(block.view(), block.hash(), v, keys.key(v)));
    }
    return QuorumCertificate.form(votes);
  }

  /** A child of the block {@code justify} certifies, proposed in {@code view} by that view's leader. */
  Block child(Block parent, QuorumCertificate justify, long view, byte[]... commands) {
    return new Block(parent.height() + 1, view, replicas.leaderOf(view), parent.timeMillis() + 1, parent.hash(), justify, List.of(commands));
  }

  byte[] proposal(Block b) {
    return ConsensusMessage.Proposal.sign(b, b.proposer(), keys.key(b.proposer())).encode();
  }
}
