package io.keyquorum.resilience;

import io.keyquorum.resilience.load.DatakeyLoad;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fault events of one scenario (injections, heals, restarts) on the {@link System#nanoTime}
 * clock the load is stamped on. A request may fail only within a detection window after an event;
 * outside every window, at least t attestors were reachable and every request must succeed.
 */
final class FaultTimeline {
  record Event(long nanos, String what) {}

  private final long seed;
  private final List<Event> events = new CopyOnWriteArrayList<>();

  FaultTimeline(long seed) {
    this.seed = seed;
  }

  long mark(String what) {
    long now = System.nanoTime();
    events.add(new Event(now, what));
    return now;
  }

  /** Failures that overlap no detection window (of {@code window} after an event). */
  List<DatakeyLoad.Failure> outsideWindows(List<DatakeyLoad.Failure> failures, Duration window) {
    return failures.stream().filter(f -> outsideWindows(f.startNanos(), f.endNanos(), window)).toList();
  }

  /** Whether a request running from {@code start} to {@code end} overlaps no detection window. */
  boolean outsideWindows(long start, long end, Duration window) {
    return events.stream().noneMatch(e -> end >= e.nanos() && start <= e.nanos() + window.toNanos());
  }

  /** For failure messages: the seed and each event at its offset from the first. */
  String describe() {
    long zero = events.isEmpty() ? 0 : events.get(0).nanos();
    StringBuilder s = new StringBuilder("seed " + seed + " (rerun with -Dresilience.seed=" + seed + "); events:");
    events.forEach(e -> s.append(String.format(" [+%.1fs %s]", (e.nanos() - zero) / 1e9, e.what())));
    return s.toString();
  }
}
