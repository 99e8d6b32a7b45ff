package io.keyquorum.consensus;

import java.util.Objects;

/**
 * The state a replica must never lose, because forgetting it could make it vote twice in one view
 * or vote against its lock (HotStuff Algorithm 4: vheight, b_lock; Algorithm 5: qc_high). It is
 * persisted before any vote that depends on it leaves the replica.
 */
public record SafetyState(long lastVotedView, QuorumCertificate lockedQc, QuorumCertificate highQc) {
  public SafetyState {
    Objects.requireNonNull(lockedQc, "lockedQc");
    Objects.requireNonNull(highQc, "highQc");
    if (lastVotedView < 0) {
      throw new IllegalArgumentException("lastVotedView must be non-negative");
    }
  }

  public static SafetyState initial(ReplicaSet replicas) {
    QuorumCertificate genesis = QuorumCertificate.genesis(replicas);
    return new SafetyState(0, genesis, genesis);
  }
}
