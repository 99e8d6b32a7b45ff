package io.keyquorum.consensus;

/**
 * Paces catch-up requests: one request per missing target per timeout interval, so a flood of
 * messages naming an unknown block does not turn into a flood of requests. A continuation (the
 * previous response was useful) goes out at once.
 */
final class SyncTracker {
  private final long interval;
  private BlockHash lastTarget;
  private long lastAt = Long.MIN_VALUE / 2;

  SyncTracker(long interval) {
    this.interval = interval;
  }

  boolean shouldRequest(BlockHash target, long now, boolean continuation) {
    if (!continuation && target.equals(lastTarget) && now - lastAt < interval) {
      return false;
    }
    lastTarget = target;
    lastAt = now;
    return true;
  }
}
