package io.keyquorum.cli.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * A load run: its shape, a warm-up whose requests are sent but not recorded, the measured
 * window, and how long to wait after the window for requests still outstanding (those still
 * unanswered then count as errors of kind {@value LoadGenerator#UNFINISHED}).
 */
public record LoadPlan(LoadShape shape, Duration warmup, Duration duration, Duration drain) {
  public LoadPlan {
    Objects.requireNonNull(shape, "shape");
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warm-up must be >= 0, got " + warmup);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be > 0, got " + duration);
    }
    if (drain.isNegative()) {
      throw new IllegalArgumentException("drain must be >= 0, got " + drain);
    }
  }
}
