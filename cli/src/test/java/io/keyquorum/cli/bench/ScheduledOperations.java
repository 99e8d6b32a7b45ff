package io.keyquorum.cli.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Operations that really take time: futures completed by a real scheduler, either after a fixed
 * delay, or as a single server that serves one request at a time (so a stall queues the rest).
 */
final class ScheduledOperations {
  private final ScheduledExecutorService scheduler;

  ScheduledOperations(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** Every request answers {@code delay} after it was started, concurrently with the others. */
  Operation fixedDelay(Duration delay) {
    return () -> {
      CompletableFuture<Void> answer = new CompletableFuture<>();
      scheduler.schedule(() -> answer.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
      return answer;
    };
  }

  /**
   * One server, first come first served, {@code service} per request, except that request number
   * {@code stalledRequest} (from 1) takes {@code stall}: every request behind it waits.
   */
  Operation singleServer(Duration service, long stalledRequest, Duration stall) {
    AtomicLong started = new AtomicLong();
    AtomicLong busyUntil = new AtomicLong(System.nanoTime());
    return () -> {
      long n = started.incrementAndGet();
      long cost = (n == stalledRequest ? stall : service).toNanos();
      long now = System.nanoTime();
      long done = busyUntil.accumulateAndGet(now, (busy, t) -> Math.max(busy, t) + cost);
      CompletableFuture<Void> answer = new CompletableFuture<>();
      scheduler.schedule(() -> answer.complete(null), done - now, TimeUnit.NANOSECONDS);
      return answer;
    };
  }
}
