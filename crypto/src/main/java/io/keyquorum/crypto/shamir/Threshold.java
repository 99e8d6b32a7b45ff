package io.keyquorum.crypto.shamir;

/**
 * A t-of-n sharing: any {@code t} of the {@code n} shares rebuild the secret, and any {@code t-1}
 * reveal nothing about it.
 *
 * <p>Guarantee: an instance always satisfies 1 ≤ t ≤ n ≤ 255, so share indices fit in one byte
 * and the threshold is always reachable.
 */
public record Threshold(int t, int n) {
  /** Share indices are encoded in one byte; 255 attestors is far beyond any real quorum. */
  public static final int MAX_SHARES = 255;

  public Threshold {
    if (t < 1) {
      throw new IllegalArgumentException("threshold t must be at least 1, got " + t);
    }
    if (n > MAX_SHARES) {
      throw new IllegalArgumentException("share count n must be at most " + MAX_SHARES + ", got " + n);
    }
    if (t > n) {
      // With fewer shares than the threshold the secret could never be rebuilt.
      throw new IllegalArgumentException("threshold t=" + t + " exceeds share count n=" + n);
    }
  }

  @Override
  public String toString() {
    return t + "-of-" + n;
  }
}
