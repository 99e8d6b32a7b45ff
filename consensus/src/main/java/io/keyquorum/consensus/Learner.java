package io.keyquorum.consensus;

import io.keyquorum.consensus.ConsensusMessage.SyncRequest;
import io.keyquorum.consensus.ConsensusMessage.SyncResponse;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-voting follower (an orchestrator, or a replica's read path) that follows the committed
 * chain by polling replicas in turn for certified blocks.
 *
 * <p>Guarantee: it delivers a block only when a three-chain of certificates it verified itself
 * proves the block committed (the same rule as {@link Replica}), so no single replica, or any f
 * of them, can make it deliver a block the honest replicas did not commit. A lying or silent peer
 * only slows it down: the next poll goes to the next replica.
 */
public final class Learner {
  private static final Logger log = LoggerFactory.getLogger(Learner.class);

  private final ReplicaSet replicas;
  private final ReplicaNetwork network;
  private final CommitListener listener;
  private final long pollIntervalMillis;
  private final CertificateCheck certificates;
  private final BlockTree tree;
  private long nextPoll;
  private int nextPeer;
  private long dropped;

  public Learner(ReplicaSet replicas, ReplicaNetwork network, CommitListener listener, long pollIntervalMillis,
      SignatureVerifier verifier) {
    this.replicas = Objects.requireNonNull(replicas, "replicas");
    this.network = Objects.requireNonNull(network, "network");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (pollIntervalMillis < 1) {
      throw new IllegalArgumentException("poll interval must be ≥ 1 ms");
    }
    this.pollIntervalMillis = pollIntervalMillis;
    this.certificates = new CertificateCheck(replicas, verifier);
    this.tree = new BlockTree(replicas);
  }

  public long committedHeight() {
    return tree.committedHeight();
  }

  public CommitProof latestCommitProof() {
    return tree.latestProof();
  }

  public long droppedMessages() {
    return dropped;
  }

  public long nextDeadline() {
    return nextPoll;
  }

  /** Polls the next replica (round robin) once per interval. */
  public void onTick(long nowMillis) {
    if (nowMillis < nextPoll) {
      return;
    }
    nextPoll = nowMillis + pollIntervalMillis;
    int peer = nextPeer;
    nextPeer = (nextPeer + 1) % replicas.size();
    network.send(peer, new SyncRequest(tree.committedHeight() + 1, null).encode());
  }

  /** Accepts sync responses; everything else, and anything that fails verification, is dropped. */
  public void onMessage(int from, byte[] message) {
    try {
      if (ConsensusMessage.decode(message) instanceof SyncResponse r) {
        ingest(from, r);
      }
    } catch (IllegalArgumentException | SecurityException e) {
      dropped++;
      log.debug("learner dropped a message from {}: {}", from, e.getMessage());
    }
  }

  private void ingest(int from, SyncResponse r) {
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
      deliver(tree.commitsProvenBy(b.justify()));
      progressed = true;
    }
    certificates.verify(r.commitProof());
    deliver(tree.commitsProvenBy(r.commitProof()));
    certificates.verify(r.highQc());
    if (tree.contains(r.highQc().blockHash())) {
      Block certified = tree.get(r.highQc().blockHash());
      if (certified.view() != r.highQc().view()) {
        throw new IllegalArgumentException("highQC view does not match its block");
      }
      deliver(tree.commitsProvenBy(r.highQc()));
    } else if (progressed) {
      network.send(from, new SyncRequest(tree.committedHeight() + 1, r.highQc().blockHash()).encode());
    }
  }

  private void deliver(List<Block> committed) {
    committed.forEach(b -> listener.onCommit(CommittedBlock.of(b)));
  }
}
