package io.keyquorum.consensus;

/**
 * The view clock (HotStuff §4.4 / Algorithm 5): the current view, when it times out, and the
 * exponential back-off after consecutive timeouts. Pure state over injected time; no threads.
 */
final class Pacemaker {
  private final ReplicaConfig config;
  /** The highest view each replica has announced in a verified new-view message. */
  private final long[] announced;
  private final int faultTolerance;
  private long view;
  private long deadline = -1;
  private int consecutiveTimeouts;

  Pacemaker(ReplicaConfig config, long initialView, int replicaCount, int faultTolerance) {
    this.config = config;
    this.announced = new long[replicaCount];
    this.faultTolerance = faultTolerance;
    this.view = initialView;
  }

  long view() {
    return view;
  }

  /** Enters {@code next} if it is ahead; {@code progress} (a QC was seen) resets the back-off. */
  boolean advanceTo(long next, boolean progress, long now) {
    if (progress) {
      consecutiveTimeouts = 0;
    }
    if (next <= view) {
      return false;
    }
    view = next;
    deadline = now + timeout();
    return true;
  }

  /** Called on every tick; true if the view just timed out (and the back-off grew). */
  boolean expired(long now) {
    if (deadline < 0) {
      deadline = now + timeout();
      return false;
    }
    if (now < deadline) {
      return false;
    }
    consecutiveTimeouts++;
    return true;
  }

  /** After a timeout without a view change: wait again, longer, before re-announcing. */
  void restartTimer(long now) {
    deadline = now + timeout();
  }

  long deadline() {
    return deadline;
  }

  long timeout() {
    return config.baseTimeoutMillis() << Math.min(consecutiveTimeouts, config.maxBackoffExponent());
  }

  /** Records that {@code replica} announced {@code view}; returns false if it had announced as much already. */
  boolean noteAnnounced(int replica, long view) {
    if (announced[replica] >= view) {
      return false;
    }
    announced[replica] = view;
    return true;
  }

  boolean hasAnnounced(int replica, long view) {
    return announced[replica] >= view;
  }

  /**
   * The highest view that at least f+1 replicas, so at least one honest one, have announced; a
   * replica may join it without letting f Byzantine replicas push views forward on their own.
   */
  long joinableView() {
    long[] sorted = announced.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length - 1 - faultTolerance];
  }
}
