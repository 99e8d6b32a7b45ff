package io.keyquorum.cli.bench;

import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a run's measured window. {@code latencyMicros} holds successful requests only
 * (open loop: from intended start, so time spent queued behind a stall counts); failed requests
 * are in {@code errors}, by kind in {@code errorKinds}, with the first message of each kind in
 * {@code errorExamples}. {@code dropped}: open-loop requests not sent because
 * {@code maxInFlight} were outstanding. {@code elapsedNanos}: from the window's start until its
 * last request answered (at least the window).
 */
public record LoadReport(LoadShape shape, Duration warmup, Duration duration, long elapsedNanos, long ok,
    long errors, long dropped, Map<String, Long> errorKinds, Map<String, String> errorExamples,
    Histogram latencyMicros, int maxInFlightObserved) {
  public LoadReport {
    errorKinds = Map.copyOf(errorKinds);
    errorExamples = Map.copyOf(errorExamples);
  }

  /** Successful requests per second. */
  public double throughput() {
    return elapsedNanos <= 0 ? 0 : ok * 1e9 / elapsedNanos;
  }

  /** The latency at {@code percentile} (0-100) in milliseconds; 0 when nothing succeeded. */
  public double percentileMs(double percentile) {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1_000.0;
  }

  public double maxMs() {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1_000.0;
  }

  public double meanMs() {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMean() / 1_000.0;
  }
}
