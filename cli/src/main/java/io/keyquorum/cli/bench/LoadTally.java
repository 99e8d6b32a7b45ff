package io.keyquorum.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The counts of one run, shared by the scheduler, workers and completion callbacks. Every method
 * holds the monitor: a few thousand updates a second cost nothing next to a request, and one lock
 * keeps "in flight", "recorded" and "frozen" consistent with each other. Requests sent during the
 * warm-up are counted only in {@link #completedAll} (for progress) and never recorded.
 */
final class LoadTally {
  /** Service error messages, kept short; they never carry key material, only the cause. */
  private static final int EXAMPLE_LIMIT = 300;

  /** Latency of each successful measured request, in microseconds, 3 significant digits. */
  private final Histogram latencyMicros = new Histogram(3);
  private final Map<String, Long> errorKinds = new TreeMap<>();
  private final Map<String, String> errorExamples = new LinkedHashMap<>();
  private long ok;
  private long errors;
  private long dropped;
  private long completedAll;
  private long failedAll;
  private int inFlight;
  private int maxInFlight;
  private int measuredInFlight;
  private long lastMeasuredDone = Long.MIN_VALUE;
  private boolean frozen;

  /** Counts a request as sent, unless {@code limit} are in flight already: then it is dropped. */
  synchronized boolean tryBegin(int limit, boolean measured) {
    if (inFlight >= limit) {
      if (measured && !frozen) {
        dropped++;
      }
      return false;
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (measured) {
      measuredInFlight++;
    }
    return true;
  }

  synchronized void succeeded(boolean measured, long latencyNanos, long doneNanos) {
    end(measured, doneNanos);
    completedAll++;
    if (measured && !frozen) {
      ok++;
      latencyMicros.recordValue(Math.max(1, latencyNanos / 1_000));
    }
  }

  synchronized void failed(boolean measured, String kind, String message, long doneNanos) {
    end(measured, doneNanos);
    completedAll++;
    failedAll++;
    if (measured && !frozen) {
      errors++;
      errorKinds.merge(kind, 1L, Long::sum);
      errorExamples.putIfAbsent(kind, shorten(message));
    }
  }

  private void end(boolean measured, long doneNanos) {
    inFlight--;
    if (measured) {
      measuredInFlight--;
      lastMeasuredDone = Math.max(lastMeasuredDone, doneNanos);
    }
    notifyAll();
  }

  /** Waits until nothing is in flight or {@code deadlineNanos} passes on {@code ticker}. */
  synchronized void awaitIdle(Ticker ticker, long deadlineNanos) throws InterruptedException {
    for (long left = deadlineNanos - ticker.nanoTime(); inFlight > 0 && left > 0;
        left = deadlineNanos - ticker.nanoTime()) {
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  synchronized ProgressTick progress(double elapsedSeconds, boolean warmingUp) {
    return new ProgressTick(elapsedSeconds, warmingUp, completedAll, failedAll, ok, errors, dropped, inFlight);
  }

  /**
   * Ends recording: requests of the measured window still outstanding become errors of kind
   * {@value LoadGenerator#UNFINISHED}, and nothing that completes later is counted.
   */
  synchronized LoadReport freeze(LoadPlan plan, long measureStart, long nowNanos) {
    if (!frozen && measuredInFlight > 0) {
      errors += measuredInFlight;
      errorKinds.merge(LoadGenerator.UNFINISHED, (long) measuredInFlight, Long::sum);
      errorExamples.putIfAbsent(LoadGenerator.UNFINISHED,
          measuredInFlight + " request(s) had not answered " + plan.drain().toMillis() + " ms after the run");
    }
    frozen = true;
    long measureEnd = measureStart + plan.duration().toNanos();
    // Throughput is over the window plus the time the window's last requests took to answer.
    long last = measuredInFlight > 0 ? nowNanos : Math.max(measureEnd, lastMeasuredDone);
    return new LoadReport(plan.shape(), plan.warmup(), plan.duration(), last - measureStart, ok, errors, dropped,
        errorKinds, errorExamples, latencyMicros.copy(), maxInFlight);
  }

  private static String shorten(String message) {
    String m = message == null ? "" : message;
    return m.length() <= EXAMPLE_LIMIT ? m : m.substring(0, EXAMPLE_LIMIT) + "...";
  }
}
