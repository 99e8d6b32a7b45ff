package io.keyquorum.consensus;

import io.keyquorum.consensus.ConsensusMessage.NewView;
import io.keyquorum.consensus.ConsensusMessage.Proposal;
import io.keyquorum.consensus.ConsensusMessage.VoteMessage;
import io.keyquorum.crypto.Ed25519PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A faulty replica for simulation: it runs the honest code so its messages are validly signed,
 * and tampers with what goes in and out according to its {@link Behaviour}.
 */
final class ByzantineNode implements SimWorld.Node {
  enum Behaviour {
    /** Sends nothing and ignores everything. */
    SILENT,
    /** As leader, sends two different proposals for its view, one to each half of the replicas. */
    EQUIVOCATE,
    /** Votes for every proposal it sees, plus a second vote for another block, and sends votes to everyone. */
    DOUBLE_VOTE,
    /** Sends forged votes, forged QCs (bad signatures, non-members, repeated voters), impersonated proposals and garbage. */
    FORGE,
    /** Replays old messages of others, at random later times, to random replicas. */
    REPLAY,
    /**
     * A targeted fork attack: as leader at the start of its term it reveals the QC it collected
     * only to one replica (which may then commit block b), and offers everyone else a fork that
     * skips b; only the lock rule stops the others from certifying and committing that fork.
     */
    FORK,
    /**
     * Split brain: as leader, two different blocks for one view, each grown into its own chain
     * before its own half of the replicas. Only quorum intersection (q = ⌈(n+f+1)/2⌉) stops both
     * halves from committing.
     */
    SPLIT
  }

  private final Behaviour behaviour;
  private final int id;
  private final Ed25519PrivateKey key;
  private final ReplicaSet replicas;
  private final SimWorld world;
  private final Random rnd;
  private final Replica inner;
  private final List<byte[]> seen = new ArrayList<>();
  private long unreadable;
  private final ForkDriver forks;

  ByzantineNode(Behaviour behaviour, int id, TestKeys keys, SimWorld world, ReplicaConfig config, SignatureVerifier verifier) {
    this.behaviour = behaviour;
    this.id = id;
    this.key = keys.key(id);
    this.replicas = keys.replicas;
    this.world = world;
    this.rnd = new Random(world.rnd.nextLong());
    this.forks = new ForkDriver(id, key, replicas, world, rnd);
    this.inner = new Replica(id, key, replicas, new InMemoryBlockStore(), new Tamper(), b -> { }, config, verifier);
  }

  @Override
  public void onMessage(int from, byte[] message) {
    if (behaviour == Behaviour.SILENT) {
      return;
    }
    if (behaviour == Behaviour.REPLAY && seen.size() < 500) {
      seen.add(message);
    }
    if (behaviour == Behaviour.DOUBLE_VOTE) {
      voteRegardless(message);
    }
    if ((behaviour == Behaviour.FORK || behaviour == Behaviour.SPLIT) && feedForks(message)) {
      return;
    }
    inner.onMessage(from, message);
  }

  @Override
  public void onTick(long now) {
    if (behaviour == Behaviour.SILENT) {
      return;
    }
    inner.onTick(now);
    if (behaviour == Behaviour.REPLAY && !seen.isEmpty() && rnd.nextInt(5) == 0) {
      world.transmit(id, rnd.nextInt(replicas.size()), seen.get(rnd.nextInt(seen.size())));
    }
    if (behaviour == Behaviour.FORGE && rnd.nextInt(5) == 0) {
      forgeSomething();
    }
  }

  /** Signs a vote for any proposal at all, ignoring vheight and the lock, and one for a made-up block. */
  private void voteRegardless(byte[] message) {
    try {
      if (ConsensusMessage.decode(message) instanceof Proposal p) {
        Block b = p.open(replicas, SignatureVerifier.ED25519);
        toAll(new VoteMessage(Vote.sign(b.view(), b.hash(), id, key)).encode());
        toAll(new VoteMessage(Vote.sign(b.view(), randomHash(), id, key)).encode());
      }
    } catch (IllegalArgumentException | SecurityException e) {
      unreadable++; // not a proposal this node can read; the inner replica drops it too
    }
  }

  private void forgeSomething() {
    SafetyState s = inner.safetyState();
    long view = inner.currentView();
    BlockHash block = s.highQc().blockHash();
    int victim = (id + 1 + rnd.nextInt(replicas.size() - 1)) % replicas.size();
    int leader = replicas.leaderOf(view + 1);
    byte[] sig = new byte[64];
    rnd.nextBytes(sig);
    Vote own = Vote.sign(s.highQc().view(), block, id, key);
    List<Vote> duplicated = new ArrayList<>();
    List<Vote> badSigs = new ArrayList<>();
    for (int i = 0; i < replicas.quorum(); i++) {
      duplicated.add(own);
      badSigs.add(new Vote(own.view(), block, i, sig));
    }
    switch (rnd.nextInt(7)) {
      case 0 -> world.transmit(id, leader, new VoteMessage(new Vote(view, block, victim, sig)).encode());
      case 1 -> world.transmit(id, leader, NewView.sign(view + 1, new QuorumCertificate(own.view(), block, duplicated), id, key).encode());
      case 2 -> world.transmit(id, leader, NewView.sign(view + 1, new QuorumCertificate(own.view(), block, badSigs), id, key).encode());
      case 3 -> world.transmit(id, leader, NewView.sign(view + 1,
          new QuorumCertificate(own.view(), block, List.of(new Vote(own.view(), block, replicas.size() + 3, sig))), id, key).encode());
      case 4 -> {
        // A proposal claiming another replica as proposer and signer, signed with this node's key.
        Block fake = new Block(1, view + 1, victim, world.now() + 1, replicas.genesisHash(), QuorumCertificate.genesis(replicas),
            List.of(("byz-" + rnd.nextLong()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        toAll(new Proposal(victim, Proposal.sign(fake, id, key).envelope()).encode());
      }
      case 5 -> {
        byte[] garbage = new byte[rnd.nextInt(200)];
        rnd.nextBytes(garbage);
        toAll(garbage);
      }
      default -> world.transmit(id, leader, new VoteMessage(new Vote(view, randomHash(), replicas.size() + 1, sig)).encode());
    }
  }

  /** Learns blocks from proposals and hands votes for fork blocks to the fork driver. */
  private boolean feedForks(byte[] message) {
    try {
      ConsensusMessage m = ConsensusMessage.decode(message);
      if (m instanceof Proposal p) {
        forks.learn(p.open(replicas, SignatureVerifier.ED25519));
      }
      return m instanceof VoteMessage vm && forks.onVote(vm.vote());
    } catch (IllegalArgumentException | SecurityException e) {
      unreadable++;
      return false;
    }
  }

  private BlockHash randomHash() {
    byte[] h = new byte[32];
    rnd.nextBytes(h);
    return BlockHash.of(h);
  }

  private void toAll(byte[] message) {
    for (int to = 0; to < replicas.size(); to++) {
      if (to != id) {
        world.transmit(id, to, message);
      }
    }
  }

  /** The inner replica's outbound path, where equivocation and double votes are injected. */
  private final class Tamper implements ReplicaNetwork {
    @Override
    public void send(int to, byte[] message) {
      if (behaviour == Behaviour.SILENT) {
        return;
      }
      world.transmit(id, to, message);
    }

    @Override
    public void broadcast(byte[] message) {
      if (behaviour == Behaviour.SILENT) {
        return;
      }
      if (behaviour == Behaviour.FORK && ConsensusMessage.decode(message) instanceof Proposal p
          && forks.forkPastCommitted(p.open(replicas, SignatureVerifier.ED25519))) {
        return;
      }
      if (behaviour == Behaviour.SPLIT && ConsensusMessage.decode(message) instanceof Proposal p
          && forks.splitBrain(p.open(replicas, SignatureVerifier.ED25519))) {
        return;
      }
      if (behaviour == Behaviour.EQUIVOCATE && ConsensusMessage.decode(message) instanceof Proposal p) {
        Block b = p.open(replicas, SignatureVerifier.ED25519);
        List<byte[]> other = b.commands();
        other.add(("byz-" + rnd.nextLong()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Block twin = new Block(b.height(), b.view(), b.proposer(), b.timeMillis(), b.parent(), b.justify(), other);
        byte[] twinMessage = Proposal.sign(twin, id, key).encode();
        for (int to = 0; to < replicas.size(); to++) {
          if (to != id) {
            world.transmit(id, to, to % 2 == 0 ? message : twinMessage);
          }
        }
        // Later, each half also gets the other twin: only vote-once-per-view stops a second vote.
        world.at(world.now() + 1 + rnd.nextInt(20), () -> {
          for (int to = 0; to < replicas.size(); to++) {
            if (to != id) {
              world.transmit(id, to, to % 2 == 0 ? twinMessage : message);
            }
          }
        });
        return;
      }
      toAll(message);
    }
  }
}
