package io.keyquorum.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Drives an {@link Operation} by a {@link LoadPlan} and records what happened.
 *
 * <p>Open loop: request i is due at {@code start + i / rate}. The scheduler sends it then (or at
 * once if it fell behind) and its latency runs from the due time, not from when it was sent, so a
 * stall that delays sending is not hidden (coordinated omission). Closed loop: each worker sends
 * its next request when the previous answers, and latency runs from sending.
 *
 * <p>A request belongs to the measured window when it is due (open) or sent (closed) in
 * {@code [start + warmup, start + warmup + duration)}; nothing is sent after the window.
 */
public final class LoadGenerator {
  /** Error kind of measured requests still unanswered when the drain time ran out. */
  public static final String UNFINISHED = "unfinished";

  private final Ticker ticker;
  private final Function<Throwable, String> errorKind;
  private final Consumer<ProgressTick> progress;

  /**
   * @param errorKind names a failure's cause for {@link LoadReport#errorKinds()}; it gets the
   *     operation's own exception, unwrapped from completion wrappers
   * @param progress called about once a second while the run lasts, from a timer thread
   */
  public LoadGenerator(Ticker ticker, Function<Throwable, String> errorKind, Consumer<ProgressTick> progress) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.errorKind = Objects.requireNonNull(errorKind, "errorKind");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  public LoadReport run(LoadPlan plan, Operation operation) throws InterruptedException {
    LoadTally tally = new LoadTally();
    long start = ticker.nanoTime();
    long measureStart = start + plan.warmup().toNanos();
    long measureEnd = measureStart + plan.duration().toNanos();
    long drainEnd = measureEnd + plan.drain().toNanos();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kq-bench-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> {
      long now = ticker.nanoTime();
      progress.accept(tally.progress((now - start) / 1e9, now < measureStart));
    }, 1, 1, TimeUnit.SECONDS);
    try {
      if (plan.shape() instanceof LoadShape.OpenLoop open) {
        openLoop(open, operation, tally, start, measureStart, measureEnd);
        tally.awaitIdle(ticker, drainEnd);
      } else if (plan.shape() instanceof LoadShape.ClosedLoop closed) {
        closedLoop(closed, operation, tally, measureStart, measureEnd, drainEnd);
      }
      return tally.freeze(plan, measureStart, ticker.nanoTime());
    } finally {
      timer.shutdownNow();
    }
  }

  private void openLoop(LoadShape.OpenLoop shape, Operation operation, LoadTally tally, long start,
      long measureStart, long measureEnd) throws InterruptedException {
    double intervalNanos = 1e9 / shape.ratePerSecond();
    for (long i = 0; ; i++) {
      // Due times come from the start, not from the previous send, so falling behind never shifts them.
      long due = start + (long) (i * intervalNanos);
      if (due >= measureEnd) {
        return;
      }
      ticker.sleepUntil(due);
      if (Thread.interrupted()) {
        throw new InterruptedException("load run interrupted");
      }
      boolean measured = due >= measureStart;
      if (!tally.tryBegin(shape.maxInFlight(), measured)) {
        continue;
      }
      CompletionStage<?> stage;
      try {
        stage = operation.start();
      } catch (RuntimeException e) {
        finish(tally, measured, due, e);
        continue;
      }
      stage.whenComplete((ignored, failure) -> finish(tally, measured, due, failure));
    }
  }

  private void closedLoop(LoadShape.ClosedLoop shape, Operation operation, LoadTally tally, long measureStart,
      long measureEnd, long drainEnd) throws InterruptedException {
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < shape.concurrency(); w++) {
      Thread worker = new Thread(() -> work(operation, tally, measureStart, measureEnd, drainEnd),
          "kq-bench-worker-" + w);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      long left = drainEnd - ticker.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(worker, left);
      }
    }
    // A worker still blocked past the drain leaves its request in flight: counted as unfinished.
    workers.forEach(Thread::interrupt);
  }

  private void work(Operation operation, LoadTally tally, long measureStart, long measureEnd, long drainEnd) {
    while (!Thread.currentThread().isInterrupted()) {
      long sent = ticker.nanoTime();
      if (sent >= measureEnd) {
        return;
      }
      boolean measured = sent >= measureStart;
      tally.tryBegin(Integer.MAX_VALUE, measured);
      try {
        CompletableFuture<?> answer = operation.start().toCompletableFuture();
        answer.get(Math.max(0, drainEnd - ticker.nanoTime()), TimeUnit.NANOSECONDS);
        finish(tally, measured, sent, null);
      } catch (ExecutionException e) {
        finish(tally, measured, sent, e.getCause());
      } catch (RuntimeException e) {
        finish(tally, measured, sent, e);
      } catch (TimeoutException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void finish(LoadTally tally, boolean measured, long from, Throwable failure) {
    long now = ticker.nanoTime();
    if (failure == null) {
      tally.succeeded(measured, now - from, now);
      return;
    }
    Throwable cause = unwrap(failure);
    String kind;
    try {
      kind = errorKind.apply(cause);
    } catch (RuntimeException classifierBug) {
      kind = cause.getClass().getSimpleName();
    }
    tally.failed(measured, kind, cause.getMessage(), now);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
