package io.keyquorum.orchestrator.flow;

import java.time.Duration;

/**
 * Deadlines for the two rounds.
 *
 * @param attestDeadline how long an attestor may take to judge a request
 * @param releaseDeadline how long an attestor may take to release its share, and how long to wait
 *     for a replacement approval
 */
public record FlowSettings(Duration attestDeadline, Duration releaseDeadline) {
  public FlowSettings {
    if (attestDeadline == null || attestDeadline.isNegative() || attestDeadline.isZero()
        || releaseDeadline == null || releaseDeadline.isNegative() || releaseDeadline.isZero()) {
      throw new IllegalArgumentException("deadlines must be positive");
    }
  }

  public static FlowSettings defaults() {
    return new FlowSettings(Duration.ofSeconds(2), Duration.ofSeconds(2));
  }
}
