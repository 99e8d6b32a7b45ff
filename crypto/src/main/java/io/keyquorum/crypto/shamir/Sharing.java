package io.keyquorum.crypto.shamir;

import java.util.List;
import java.util.Objects;

/**
 * The output of a split: shares 1..n (secret, one per holder) and the Feldman commitments
 * (public, published with the key).
 */
public record Sharing(Threshold threshold, List<Share> shares, FeldmanCommitments commitments)
    implements AutoCloseable {
  public Sharing {
    Objects.requireNonNull(threshold, "threshold");
    shares = List.copyOf(shares);
    Objects.requireNonNull(commitments, "commitments");
    if (shares.size() != threshold.n() || commitments.threshold() != threshold.t()) {
      throw new IllegalArgumentException("sharing does not match " + threshold);
    }
  }

  /** Share with index {@code i} (1-based). */
  public Share share(int i) {
    if (Share.checkIndex(i) > threshold.n()) {
      throw new IllegalArgumentException("share index " + i + " exceeds n=" + threshold.n());
    }
    return shares.get(i - 1);
  }

  /** Zero-fills every share. */
  @Override
  public void close() {
    shares.forEach(Share::destroy);
  }
}
