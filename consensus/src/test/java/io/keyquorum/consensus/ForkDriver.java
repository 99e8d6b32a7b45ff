package io.keyquorum.consensus;

import io.keyquorum.consensus.ConsensusMessage.Proposal;
import io.keyquorum.crypto.Ed25519PrivateKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The fork-building half of a Byzantine leader: during its term it grows chains of its own
 * blocks, each shown only to a chosen audience, certifying each with the audience's votes plus its
 * own. Honest replicas are protected only by the lock rule and by quorum intersection.
 */
final class ForkDriver {
  private final class Fork {
    Block tip;
    final Set<Integer> audience;
    final Map<Integer, Vote> votes = new HashMap<>();

    Fork(Set<Integer> audience) {
      this.audience = audience;
    }
  }

  private final int id;
  private final Ed25519PrivateKey key;
  private final ReplicaSet replicas;
  private final SimWorld world;
  private final Random rnd;
  private final Map<BlockHash, Block> known = new HashMap<>();
  private final List<Fork> forks = new ArrayList<>();

  ForkDriver(int id, Ed25519PrivateKey key, ReplicaSet replicas, SimWorld world, Random rnd) {
    this.id = id;
    this.key = key;
    this.replicas = replicas;
    this.world = world;
    this.rnd = rnd;
  }

  void learn(Block b) {
    known.put(b.hash(), b);
  }

  /** Takes a vote for one of its fork tips; extends that fork while the term lasts. False if the vote is not for a fork. */
  boolean onVote(Vote v) {
    for (Fork f : forks) {
      if (f.tip.hash().equals(v.blockHash())) {
        f.votes.putIfAbsent(v.voter(), v);
        long next = f.tip.view() + 1;
        if (f.votes.size() == replicas.quorum() && replicas.leaderOf(next) == id) {
          QuorumCertificate qc = QuorumCertificate.form(List.copyOf(f.votes.values()));
          grow(f, new Block(f.tip.height() + 1, next, id, Math.max(world.now(), f.tip.timeMillis() + 1), f.tip.hash(), qc, List.of(junk())));
        }
        return true;
      }
    }
    return false;
  }

  /**
   * FORK: the real proposal, which carries the QC only this leader holds, goes to one replica (it
   * may commit b); everyone else gets a block that skips b, justified by b's own justify.
   */
  boolean forkPastCommitted(Block real) {
    learn(real);
    Block x = known.get(real.parent());
    Block y = x == null ? null : known.get(x.parent());
    Block b = y == null ? null : known.get(y.parent());
    if (real.view() % ReplicaSet.VIEWS_PER_TERM != 0 || b == null || b.isGenesis()) {
      return false;
    }
    forks.clear();
    int spared = (id + 1) % replicas.size();
    start(real, Set.of(spared));
    start(new Block(b.height(), real.view(), id, real.timeMillis(), b.parent(), b.justify(), List.of(junk())), others(o -> o != spared));
    return true;
  }

  /** SPLIT: two different blocks for one view, each grown as its own chain before its own half of the replicas. */
  boolean splitBrain(Block real) {
    learn(real);
    if (real.view() % ReplicaSet.VIEWS_PER_TERM != 0) {
      return false;
    }
    forks.clear();
    List<byte[]> twinCommands = real.commands();
    twinCommands.add(junk());
    Block twin = new Block(real.height(), real.view(), id, real.timeMillis(), real.parent(), real.justify(), twinCommands);
    start(real, others(o -> o % 2 == 0));
    start(twin, others(o -> o % 2 == 1));
    return true;
  }

  private void start(Block tip, Set<Integer> audience) {
    Fork f = new Fork(audience);
    forks.add(f);
    grow(f, tip);
  }

  private void grow(Fork f, Block tip) {
    f.tip = tip;
    f.votes.clear();
    f.votes.put(id, Vote.sign(tip.view(), tip.hash(), id, key));
    byte[] wire = Proposal.sign(tip, id, key).encode();
    f.audience.forEach(to -> world.transmit(id, to, wire));
  }

  private Set<Integer> others(java.util.function.IntPredicate keep) {
    Set<Integer> out = new HashSet<>();
    for (int i = 0; i < replicas.size(); i++) {
      if (i != id && keep.test(i)) {
        out.add(i);
      }
    }
    return out;
  }

  private byte[] junk() {
    return ("byz-" + rnd.nextLong()).getBytes(StandardCharsets.UTF_8);
  }
}
