package io.keyquorum.consensus;

import io.keyquorum.consensus.ConsensusMessage.SyncRequest;
import io.keyquorum.consensus.ConsensusMessage.SyncResponse;
import java.util.List;

/**
 * A replica's catch-up: fetches the chain behind a block it cannot place, answers peers that are
 * behind, and applies responses only as far as verified certificates prove them. A proposal or QC
 * that named an unknown block waits here (one of each) and is retried once the block arrives.
 */
final class CatchUp {
  static final long MAX_RESPONSE_BYTES = 8L << 20;

  /** What the replica does with what catch-up proves. */
  interface Host {
    void onQc(QuorumCertificate verifiedQc);

    void deliver(List<Block> newlyCommitted);

    void acceptProposal(Block verifiedProposal);
  }

  private final int self;
  private final BlockTree tree;
  private final CertificateCheck certificates;
  private final BlockStore store;
  private final ReplicaNetwork network;
  private final SyncTracker pacing;
  private Block waitingProposal;
  private QuorumCertificate waitingQc;

  CatchUp(int self, BlockTree tree, CertificateCheck certificates, BlockStore store, ReplicaNetwork network, long interval) {
    this.self = self;
    this.tree = tree;
    this.certificates = certificates;
    this.store = store;
    this.network = network;
    this.pacing = new SyncTracker(interval);
  }

  /** Keeps a verified proposal whose parent is unknown and asks its sender for the chain. */
  void awaitParentOf(Block proposal, int from, long now) {
    waitingProposal = proposal;
    fetch(from, proposal.parent(), now, false);
  }

  /** Keeps a verified QC whose block is unknown and asks {@code from} for the chain. */
  void awaitBlockOf(QuorumCertificate qc, int from, long now) {
    waitingQc = qc;
    fetch(from, qc.blockHash(), now, false);
  }

  private void fetch(int peer, BlockHash target, long now, boolean continuation) {
    if (peer != self && pacing.shouldRequest(target, now, continuation)) {
      network.send(peer, new SyncRequest(tree.committedHeight() + 1, target).encode());
    }
  }

  /** Sends the chain towards the requested block (or towards our highQC), with our highQC and commit proof. */
  void answer(int from, SyncRequest r, QuorumCertificate highQc) {
    Block target = r.target() != null && tree.contains(r.target()) ? tree.get(r.target()) : tree.get(highQc.blockHash());
    List<Block> blocks = tree.chainTowards(r.fromHeight(), target, ConsensusMessage.MAX_SYNC_BLOCKS, MAX_RESPONSE_BYTES);
    network.send(from, new SyncResponse(blocks, highQc, tree.latestProof()).encode());
  }

  /** Applies certified blocks that link to known ones, then the highQC and commit proof, then retries what waited. */
  void apply(int from, SyncResponse r, long now, Host host) {
    boolean progressed = false;
    for (CertifiedChain.Link link : CertifiedChain.of(r.blocks(), r.highQc())) {
      Block b = link.block();
      if (tree.contains(b.hash())) {
        continue;
      }
      if (!tree.contains(b.parent())) {
        break;
      }
      certificates.verify(b.justify());
      certificates.verify(link.certificate());
      tree.insert(b);
      store.putBlock(b);
      host.onQc(b.justify());
      progressed = true;
    }
    certificates.verify(r.highQc());
    if (tree.contains(r.highQc().blockHash())) {
      host.onQc(r.highQc());
    } else if (progressed) {
      fetch(from, r.highQc().blockHash(), now, true);
    }
    certificates.verify(r.commitProof());
    host.deliver(tree.commitsProvenBy(r.commitProof()));
    if (waitingQc != null && tree.contains(waitingQc.blockHash())) {
      QuorumCertificate qc = waitingQc;
      waitingQc = null;
      host.onQc(qc);
    }
    if (waitingProposal != null && tree.contains(waitingProposal.parent())) {
      Block b = waitingProposal;
      waitingProposal = null;
      host.acceptProposal(b);
    }
  }
}
