package io.keyquorum.consensus;

import io.keyquorum.consensus.ConsensusMessage.NewView;
import io.keyquorum.consensus.ConsensusMessage.Proposal;
import io.keyquorum.consensus.ConsensusMessage.SyncRequest;
import io.keyquorum.consensus.ConsensusMessage.SyncResponse;
import io.keyquorum.consensus.ConsensusMessage.VoteMessage;
import io.keyquorum.crypto.Ed25519PrivateKey;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One voting replica of chained HotStuff (Yin et al., PODC 2019, Algorithms 3–5) as a
 * single-threaded, event-driven state machine: it acts only inside {@link #onMessage},
 * {@link #onTick} and {@link #submit}, reads no clock and starts no thread, so a simulation can
 * drive it deterministically and {@link ReplicaRunner} can drive it for real.
 *
 * <p>Guarantees, with at most f = ⌊(n−1)/3⌋ Byzantine replicas: it never votes twice in one view
 * (the view is persisted before the vote leaves), never votes against its lock unless the
 * proposal justifies a newer view (safeNode), and delivers to the {@link CommitListener} only
 * blocks proven by a three-chain of verified certificates, in height order. Malformed or
 * unverifiable input is dropped and counted, never thrown out of {@link #onMessage}.
 */
public final class Replica {
  private static final Logger log = LoggerFactory.getLogger(Replica.class);
  /** Votes and new-views further ahead than this are ignored, which bounds what a leader holds. */
  static final long VIEW_WINDOW = 64;
  /** See {@link ProposalCheck#MAX_CLOCK_SKEW_MILLIS}. */
  public static final long MAX_CLOCK_SKEW_MILLIS = ProposalCheck.MAX_CLOCK_SKEW_MILLIS;

  private final int id;
  private final Ed25519PrivateKey key;
  private final ReplicaSet replicas;
  private final BlockStore store;
  private final ReplicaNetwork network;
  private final CommitListener listener;
  private final ReplicaConfig config;
  private final CertificateCheck certificates;
  private final BlockTree tree;
  private final Pacemaker pacemaker;
  private final CommandPool pool;
  private final QuorumCollector collector = new QuorumCollector();
  private final CatchUp catchUp;
  private final ProposalCheck check;
  private SafetyState safety;
  private long now;
  private long proposedView;
  private long dropped;
  private final CatchUp.Host host = new CatchUp.Host() {
    @Override
    public void onQc(QuorumCertificate verifiedQc) {
      Replica.this.onQc(verifiedQc);
    }

    @Override
    public void deliver(List<Block> newlyCommitted) {
      Replica.this.deliver(newlyCommitted);
    }

    @Override
    public void acceptProposal(Block verifiedProposal) {
      Replica.this.acceptProposal(verifiedProposal);
    }
  };
  /** The view of the first proposal accepted per view: a leader's second (equivocating) block is ignored. */
  private long lastProposalView;

  public Replica(int id, Ed25519PrivateKey key, ReplicaSet replicas, BlockStore store, ReplicaNetwork network,
      CommitListener listener, ReplicaConfig config, SignatureVerifier verifier) {
    this(id, key, replicas, store, network, listener, config, verifier, CommandValidator.ACCEPT_ALL);
  }

  /** A replica that proposes and votes only for commands {@code validator} admits (see {@link CommandValidator}). */
  public Replica(int id, Ed25519PrivateKey key, ReplicaSet replicas, BlockStore store, ReplicaNetwork network,
      CommitListener listener, ReplicaConfig config, SignatureVerifier verifier, CommandValidator validator) {
    this.id = id;
    this.key = Objects.requireNonNull(key, "key");
    this.replicas = Objects.requireNonNull(replicas, "replicas");
    if (!replicas.publicKey(id).equals(key.publicKey())) {
      throw new IllegalArgumentException("key does not belong to replica " + id);
    }
    this.store = Objects.requireNonNull(store, "store");
    this.network = Objects.requireNonNull(network, "network");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.config = Objects.requireNonNull(config, "config");
    this.certificates = new CertificateCheck(replicas, verifier);
    this.pool = new CommandPool(config.maxPendingCommands(), config.maxPendingBytes());
    this.tree = new BlockTree(replicas);
    // Restart: blocks come back in height order, so every parent is known before its child.
    for (Block b : store.loadBlocks()) {
      if (tree.contains(b.parent())) {
        tree.insert(b);
      }
    }
    store.loadCommitted().ifPresent(tree::restoreCommitted);
    this.safety = store.loadSafety().orElse(SafetyState.initial(replicas));
    this.pacemaker = new Pacemaker(config, Math.max(safety.lastVotedView(), safety.highQc().view()) + 1,
        replicas.size(), replicas.faultTolerance());
    this.catchUp = new CatchUp(id, tree, certificates, store, network, config.baseTimeoutMillis());
    this.check = new ProposalCheck(tree, validator);
  }

  public int index() {
    return id;
  }

  public long committedHeight() {
    return tree.committedHeight();
  }

  /** The three-chain proving the latest commit; verifiable by anyone with the replica set. */
  public CommitProof latestCommitProof() {
    return tree.latestProof();
  }

  public long currentView() {
    return pacemaker.view();
  }

  /** When {@link #onTick} next has work to do (the view deadline), for schedulers. */
  public long nextDeadline() {
    return pacemaker.deadline();
  }

  /** Messages dropped because they were malformed, unverifiable or out of place. */
  public long droppedMessages() {
    return dropped;
  }

  SafetyState safetyState() {
    return safety;
  }

  /**
   * Queues a command and shares it with the other replicas so whichever leads next proposes it.
   * Returns false only if the pool is full. A command already committed is accepted and ignored:
   * commit is exactly once per SHA-256 of the command. A command the validator refuses at the tip
   * of this replica's chain is refused with an {@link IllegalArgumentException}: whether it comes
   * from a local client or a peer link, it gets the same check.
   */
  public boolean submit(byte[] command) {
    Objects.requireNonNull(command, "command");
    if (command.length > Block.MAX_COMMAND_BYTES) {
      throw new IllegalArgumentException("command of " + command.length + " bytes exceeds " + Block.MAX_COMMAND_BYTES);
    }
    if (tree.isCommitted(BlockHash.sha256(command))) {
      return true;
    }
    if (!check.admissibleAtTip(command, safety.highQc(), now)) {
      throw new IllegalArgumentException("the application refuses this command at the tip of the chain");
    }
    if (!admit(command)) {
      return false;
    }
    network.broadcast(new ConsensusMessage.CommandForward(command).encode());
    tryPropose();
    return true;
  }

  private boolean admit(byte[] command) {
    BlockHash h = BlockHash.sha256(command);
    return tree.isCommitted(h) || pool.add(h, command);
  }

  /** Handles one inbound message; anything malformed or unverifiable is dropped and counted. */
  public void onMessage(int from, byte[] message) {
    try {
      ConsensusMessage m = ConsensusMessage.decode(message);
      if (m instanceof Proposal p) {
        onProposal(from, p);
      } else if (m instanceof VoteMessage v) {
        onVote(from, v.vote());
      } else if (m instanceof NewView nv) {
        onNewView(from, nv);
      } else if (m instanceof SyncRequest r) {
        catchUp.answer(from, r, safety.highQc());
      } else if (m instanceof SyncResponse r) {
        catchUp.apply(from, r, now, host);
      } else if (m instanceof ConsensusMessage.CommandForward c) {
        // Judged like a local submit, so a peer cannot fill the pool with junk.
        if (check.admissibleAtTip(c.command(), safety.highQc(), now) && admit(c.command())) {
          tryPropose();
        }
      }
    } catch (IllegalArgumentException | SecurityException e) {
      dropped++;
      log.debug("replica {} dropped a message from {}: {}", id, from, e.getMessage());
    }
  }

  /** Advances time: on view timeout, moves to the next view and sends highQC to its leader (Algorithm 5). */
  public void onTick(long nowMillis) {
    now = Math.max(now, nowMillis);
    if (!pacemaker.expired(now)) {
      return;
    }
    pacemaker.restartTimer(now);
    announce(ReplicaSet.nextTermStart(pacemaker.view()));
    joinIfAhead();
  }

  /**
   * Tells every replica this node wants to enter {@code view}, with its highQC (Algorithm 5
   * NEW-VIEW; sent to all rather than only the next leader, so that views re-synchronise). The
   * node itself moves only once f+1 replicas want the view ({@link #joinIfAhead}): a lone replica
   * whose timer fired early cannot run ahead of the others.
   */
  private void announce(long view) {
    pacemaker.noteAnnounced(id, view);
    collector.addNewView(view, id);
    network.broadcast(NewView.sign(view, safety.highQc(), id, key).encode());
  }

  /** Enters the highest view at least f+1 replicas (so at least one honest one) have announced. */
  private void joinIfAhead() {
    long joinable = pacemaker.joinableView();
    if (joinable > pacemaker.view()) {
      pacemaker.advanceTo(joinable, false, now);
      collector.prune(safety.highQc().view(), pacemaker.view());
      if (!pacemaker.hasAnnounced(id, joinable)) {
        announce(joinable);
      }
    }
    tryPropose();
  }

  private void onProposal(int from, Proposal p) {
    Block b = p.open(replicas, certificates.verifier());
    if (b.isGenesis() || b.proposer() != p.signer() || replicas.leaderOf(b.view()) != p.signer()) {
      throw new IllegalArgumentException("proposal for view " + b.view() + " is not from that view's leader");
    }
    certificates.verify(b.justify());
    if (!tree.contains(b.parent())) {
      catchUp.awaitParentOf(b, from, now);
      return;
    }
    acceptProposal(b);
  }


  private void acceptProposal(Block b) {
    onQc(b.justify()); // its certified parent counts even if the block itself is not taken
    if (b.view() < pacemaker.view() || b.view() <= lastProposalView || b.view() > pacemaker.view() + VIEW_WINDOW) {
      // Old, repeated or equivocating, or implausibly far ahead: storing it would let a leader
      // fill the disk. If it matters (it gets certified), catch-up fetches it.
      return;
    }
    lastProposalView = b.view();
    tree.insert(b);
    store.putBlock(b);
    if (b.view() > pacemaker.view()) {
      // The leader proves a quorum entered this view (QC or q new-views); follow it (pacemaker sync).
      pacemaker.advanceTo(b.view(), false, now);
    }
    if (b.view() == pacemaker.view() && b.view() > safety.lastVotedView() && safeNode(b) && !tree.repeatsCommands(b)
        && check.timely(b, now) && check.admissible(b)) {
      sendVote(castVote(b));
    }
  }

  /** Algorithm 4 safeNode: extends the locked block, or justifies a view newer than the lock (liveness rule). */
  boolean safeNode(Block b) {
    return tree.extendsBlock(b, safety.lockedQc().blockHash()) || b.justify().view() > safety.lockedQc().view();
  }

  private Vote castVote(Block b) {
    safety = new SafetyState(b.view(), safety.lockedQc(), safety.highQc());
    store.saveSafety(safety); // durable before the vote exists outside this replica
    return Vote.sign(b.view(), b.hash(), id, key);
  }

  private void sendVote(Vote v) {
    int next = replicas.leaderOf(v.view() + 1);
    if (next == id) {
      onVote(id, v);
    } else {
      network.send(next, new VoteMessage(v).encode());
    }
  }

  private void onVote(int from, Vote v) {
    if (replicas.leaderOf(v.view() + 1) != id || v.view() <= safety.highQc().view()
        || v.view() > pacemaker.view() + VIEW_WINDOW) {
      return; // not ours to collect, already certified, or implausibly far ahead
    }
    v.verify(replicas, certificates.verifier());
    collector.addVote(v, replicas.quorum()).ifPresent(qc -> {
      certificates.remember(qc);
      if (tree.contains(qc.blockHash())) {
        onQc(qc);
      } else {
        catchUp.awaitBlockOf(qc, from, now);
      }
    });
  }

  /**
   * A replica announces it entered a view. Its highQC is used like any QC. The view's leader
   * proposes once q replicas are in the view; and any replica that sees f+1 replicas (so at
   * least one honest) in a higher view joins it, so timeouts re-synchronise views after GST.
   */
  private void onNewView(int from, NewView nv) {
    NewView.Opened o = nv.open(replicas, certificates.verifier());
    certificates.verify(o.highQc());
    if (tree.contains(o.highQc().blockHash())) {
      onQc(o.highQc());
    } else {
      catchUp.awaitBlockOf(o.highQc(), from, now);
    }
    if (o.view() > pacemaker.view() + VIEW_WINDOW) {
      return; // the QC above is proof; a bare view number this far ahead is not
    }
    pacemaker.noteAnnounced(nv.signer(), o.view());
    collector.addNewView(o.view(), nv.signer());
    joinIfAhead();
  }

  /**
   * Algorithm 4 update(b*) applied to b*.justify = qc (verified, block known): raise highQC
   * (Algorithm 5 updateQCHigh), lock on b' = b''.justify, commit by the three-chain rule, and
   * enter view qc.view + 1.
   */
  private void onQc(QuorumCertificate qc) {
    Block b2 = tree.get(qc.blockHash());
    if (qc.view() != b2.view()) {
      throw new IllegalArgumentException("QC view " + qc.view() + " is not its block's view " + b2.view());
    }
    QuorumCertificate high = qc.view() > safety.highQc().view() ? qc : safety.highQc();
    QuorumCertificate lock = safety.lockedQc();
    if (!b2.isGenesis() && b2.justify().view() > lock.view()) {
      lock = b2.justify();
    }
    if (high != safety.highQc() || lock != safety.lockedQc()) {
      safety = new SafetyState(safety.lastVotedView(), lock, high);
      store.saveSafety(safety);
    }
    deliver(tree.commitsProvenBy(qc));
    if (pacemaker.advanceTo(qc.view() + 1, qc.view() + 1 >= pacemaker.view(), now)) {
      tryPropose();
    }
    collector.prune(safety.highQc().view(), pacemaker.view());
  }

  /** Hands newly committed blocks to the listener in height order, then records the commit durably. */
  private void deliver(List<Block> committed) {
    for (Block b : committed) {
      listener.onCommit(CommittedBlock.of(b));
      pool.removeAll(b.commandHashes());
    }
    if (!committed.isEmpty()) {
      store.saveCommitted(tree.latestProof());
    }
  }

  /**
   * Proposes once per view as its leader, extending highQC (Algorithm 3 createLeaf), when it holds
   * the previous view's QC or new-views from a quorum, and only if there is work: pending commands
   * or uncommitted commands that still need their three-chain (so an idle log does not grow).
   */
  private void tryPropose() {
    long v = pacemaker.view();
    if (replicas.leaderOf(v) != id || proposedView >= v || v <= safety.lastVotedView()) {
      return;
    }
    QuorumCertificate justify = safety.highQc();
    if (justify.view() != v - 1 && collector.newViewCount(v) < replicas.quorum()) {
      return;
    }
    Block parent = tree.get(justify.blockHash());
    Predicate<BlockHash> taken = tree.commandsTakenBy(parent);
    if (!pool.hasAny(taken) && !tree.hasUncommittedCommands(parent)) {
      return;
    }
    long time = Math.max(now, parent.timeMillis() + 1);
    List<byte[]> commands = check.proposable(parent, time, pool.batch(taken, config.maxBatchBytes(), Block.MAX_COMMANDS),
        pool::removeAll);
    if (commands == null) {
      return;
    }
    Block b = new Block(parent.height() + 1, v, id, time, parent.hash(), justify, commands);
    proposedView = v;
    lastProposalView = v;
    tree.insert(b);
    store.putBlock(b);
    Vote own = castVote(b); // persisted first: a restarted leader never proposes twice in one view
    network.broadcast(Proposal.sign(b, id, key).encode());
    sendVote(own);
  }
}
