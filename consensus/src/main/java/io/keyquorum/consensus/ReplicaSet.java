package io.keyquorum.consensus;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.List;

/**
 * The fixed set of voting replicas, by index 0..n-1, and the quorum arithmetic over it.
 *
 * <p>Guarantee: any two sets of {@link #quorum()} distinct members intersect in at least f+1
 * members, so at least one honest replica is in both, for every n (not only n = 3f+1); and the
 * n−f honest replicas can always form a quorum on their own.
 */
public final class ReplicaSet {
  private final List<Ed25519PublicKey> members;
  private final Block genesis;

  public ReplicaSet(List<Ed25519PublicKey> members) {
    if (members == null || members.isEmpty()) {
      throw new IllegalArgumentException("a replica set needs at least one member");
    }
    if (members.stream().distinct().count() != members.size()) {
      throw new IllegalArgumentException("replica set lists the same public key twice");
    }
    this.members = List.copyOf(members);
    this.genesis = Block.genesis(digest(this.members));
  }

  /** f = ⌊(n−1)/3⌋: the most Byzantine replicas the set tolerates. */
  public static int faultTolerance(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be positive, got " + n);
    }
    return (n - 1) / 3;
  }

  /**
   * q = ⌈(n+f+1)/2⌉ distinct votes. Two quorums then overlap in 2q−n ≥ f+1 replicas, which is
   * what makes a certificate unique per view; plain 2f+1 is only enough when n = 3f+1 (with n = 5,
   * two quorums of 3 meet in a single replica that may be the Byzantine one).
   */
  public static int quorumSize(int n) {
    int f = faultTolerance(n);
    return (n + f + 2) / 2;
  }

  public int size() {
    return members.size();
  }

  public int faultTolerance() {
    return faultTolerance(members.size());
  }

  public int quorum() {
    return quorumSize(members.size());
  }

  public boolean isMember(int index) {
    return index >= 0 && index < members.size();
  }

  public Ed25519PublicKey publicKey(int index) {
    if (!isMember(index)) {
      throw new IllegalArgumentException("no replica with index " + index);
    }
    return members.get(index);
  }

  /**
   * Views per leader term. Leaders rotate round-robin, one term of {@value} consecutive views
   * each. With one view per leader, chained HotStuff needs four consecutive honest leaders to
   * commit (those of b, b1, b2, and the one that collects the QC of b2), which round-robin never
   * yields when n = 4 and one replica is silent; a term of four views lets every honest leader commit.
   */
  public static final int VIEWS_PER_TERM = 4;

  /** The leader of {@code view}: round-robin by term (HotStuff §4.4 leaves the choice to the pacemaker). */
  public int leaderOf(long view) {
    return (int) Math.floorMod(Math.floorDiv(view, VIEWS_PER_TERM), (long) members.size());
  }

  /** The first view of the term after the one {@code view} is in: where a timeout moves to. */
  public static long nextTermStart(long view) {
    return (Math.floorDiv(view, VIEWS_PER_TERM) + 1) * VIEWS_PER_TERM;
  }

  /** The genesis block of this replica set: it commits to every member key, so chains differ per set. */
  public Block genesis() {
    return genesis;
  }

  public BlockHash genesisHash() {
    return genesis.hash();
  }

  private static BlockHash digest(List<Ed25519PublicKey> members) {
    CanonicalWriter w = new CanonicalWriter().string("keyquorum/consensus/replica-set/v1").u32(members.size());
    members.forEach(k -> w.fixed(k.raw(), Ed25519PublicKey.LENGTH));
    return BlockHash.sha256(w.toByteArray());
  }
}
