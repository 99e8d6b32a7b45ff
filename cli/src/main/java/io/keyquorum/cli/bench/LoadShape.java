package io.keyquorum.cli.bench;

/**
 * How requests are issued. {@link OpenLoop}: at fixed intervals whatever the answers, as
 * independent users would, with latency counted from each request's intended start.
 * {@link ClosedLoop}: a fixed number of workers, each sending its next request when the previous
 * one answers.
 */
public sealed interface LoadShape {
  /** Short name for reports: {@code open} or {@code closed}. */
  String mode();

  /**
   * {@code ratePerSecond} requests per second; at most {@code maxInFlight} outstanding, and a
   * request due while that many are outstanding is not sent but counted as dropped.
   */
  record OpenLoop(double ratePerSecond, int maxInFlight) implements LoadShape {
    public OpenLoop {
      if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
        throw new IllegalArgumentException("rate must be > 0, got " + ratePerSecond);
      }
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("max in flight must be > 0, got " + maxInFlight);
      }
    }

    @Override
    public String mode() {
      return "open";
    }
  }

  /** {@code concurrency} workers, each with one request outstanding at a time. */
  record ClosedLoop(int concurrency) implements LoadShape {
    public ClosedLoop {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be > 0, got " + concurrency);
      }
    }

    @Override
    public String mode() {
      return "closed";
    }
  }
}
