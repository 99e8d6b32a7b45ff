package io.keyquorum.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator against operations that really take time (a real scheduler completes them),
 * on the real clock. Bounds are wide where timing depends on a busy machine; counts that follow
 * from the schedule alone are exact.
 */
class LoadGeneratorTest {
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final ScheduledOperations ops = new ScheduledOperations(scheduler);
  private final List<ProgressTick> ticks = new CopyOnWriteArrayList<>();
  private final LoadGenerator generator = new LoadGenerator(Ticker.SYSTEM,
      e -> e instanceof IllegalStateException ? "refused" : "other", ticks::add);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static LoadPlan plan(LoadShape shape, long warmupMs, long durationMs, long drainMs) {
    return new LoadPlan(shape, Duration.ofMillis(warmupMs), Duration.ofMillis(durationMs), Duration.ofMillis(drainMs));
  }

  @Test
  void closedLoop_keepsExactlyItsConcurrencyInFlight_andRecordsTheOperationsLatency() throws Exception {
    LoadReport r = generator.run(plan(new LoadShape.ClosedLoop(4), 0, 1_000, 5_000), ops.fixedDelay(Duration.ofMillis(20)));

    assertThat(r.maxInFlightObserved()).isEqualTo(4);
    assertThat(r.errors()).isZero();
    // 4 workers x 1 s / 20 ms = 200 at most; a busy machine answers late, never early.
    assertThat(r.ok()).isBetween(40L, 204L);
    assertThat(r.percentileMs(50)).isBetween(19.9, 150.0);
    assertThat(r.throughput()).isBetween(40.0, 205.0);
    assertOrdered(r);
  }

  @Test
  void openLoop_sendsEveryDueRequest_andRecordsNoneOfTheWarmup() throws Exception {
    LoadReport r = generator.run(plan(new LoadShape.OpenLoop(100, 50), 300, 1_000, 5_000),
        ops.fixedDelay(Duration.ofMillis(5)));

    // Due every 10 ms: 30 in the warm-up, exactly 100 in the measured second.
    assertThat(r.ok()).isEqualTo(100);
    assertThat(r.errors()).isZero();
    assertThat(r.dropped()).isZero();
    assertThat(r.percentileMs(50)).isBetween(4.9, 150.0);
    assertThat(r.elapsedNanos()).isGreaterThanOrEqualTo(1_000_000_000L);
  }

  @Test
  void openLoop_countsTheQueueDelayBehindAStall_whereClosedLoopHidesIt() throws Exception {
    // Request 20 stalls the server for 500 ms; requests due every 20 ms queue behind it.
    LoadReport open = generator.run(plan(new LoadShape.OpenLoop(50, 200), 0, 2_000, 5_000),
        ops.singleServer(Duration.ofMillis(5), 20, Duration.ofMillis(500)));
    LoadReport closed = generator.run(plan(new LoadShape.ClosedLoop(1), 0, 2_000, 5_000),
        ops.singleServer(Duration.ofMillis(5), 20, Duration.ofMillis(500)));

    // Open loop: the ~25 requests due during the stall waited 100-500 ms each: over 10% of 100.
    assertThat(open.ok()).isEqualTo(100);
    assertThat(open.percentileMs(90)).isGreaterThan(100.0);
    assertThat(open.maxMs()).isGreaterThanOrEqualTo(499.0);
    // Closed loop: the one worker waited too, so only one slow request is recorded.
    assertThat(closed.maxMs()).isGreaterThanOrEqualTo(499.0);
    assertThat(closed.ok()).isGreaterThan(100);
    assertThat(closed.percentileMs(90)).isLessThan(100.0);
  }

  @Test
  void openLoop_dropsRequestsDueBeyondMaxInFlight_andReportsThemApartFromErrors() throws Exception {
    LoadReport r = generator.run(plan(new LoadShape.OpenLoop(100, 5), 0, 1_000, 5_000),
        ops.fixedDelay(Duration.ofMillis(1_500)));

    assertThat(r.maxInFlightObserved()).isEqualTo(5);
    assertThat(r.ok()).isEqualTo(5);
    assertThat(r.dropped()).isEqualTo(95);
    assertThat(r.errors()).isZero();
    assertThat(r.errorKinds()).isEmpty();
  }

  @Test
  void failures_areCountedByKind_withTheFirstMessageOfEachKind() throws Exception {
    AtomicLong n = new AtomicLong();
    Operation everyThirdRefused = () -> {
      long i = n.incrementAndGet();
      if (i % 3 == 0) {
        return CompletableFuture.failedFuture(new IllegalStateException("refused by test policy"));
      }
      if (i % 7 == 0) {
        throw new IllegalArgumentException("thrown before any future");
      }
      return ops.fixedDelay(Duration.ofMillis(2)).start();
    };

    LoadReport r = generator.run(plan(new LoadShape.ClosedLoop(2), 0, 500, 5_000), everyThirdRefused);

    assertThat(r.ok()).isPositive();
    assertThat(r.errors()).isPositive();
    assertThat(r.errorKinds()).containsOnlyKeys("refused", "other");
    assertThat(r.errorKinds().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.errors());
    assertThat(r.errorExamples()).containsEntry("refused", "refused by test policy")
        .containsEntry("other", "thrown before any future");
    // Latency is of successes only; every success took at least the operation's 2 ms.
    assertThat(r.latencyMicros().getTotalCount()).isEqualTo(r.ok());
    assertThat(r.latencyMicros().getMinValue()).isGreaterThanOrEqualTo(1_900);
  }

  @Test
  void requestsStillUnansweredAfterTheDrain_areUnfinishedErrors_inBothShapes() throws Exception {
    Operation never = CompletableFuture::new;

    LoadReport open = generator.run(plan(new LoadShape.OpenLoop(20, 100), 0, 500, 200), never);
    LoadReport closed = generator.run(plan(new LoadShape.ClosedLoop(3), 0, 300, 200), never);

    assertThat(open.ok()).isZero();
    assertThat(open.errors()).isEqualTo(10);
    assertThat(open.errorKinds()).isEqualTo(Map.of(LoadGenerator.UNFINISHED, 10L));
    assertThat(closed.errors()).isEqualTo(3);
    assertThat(closed.errorKinds()).isEqualTo(Map.of(LoadGenerator.UNFINISHED, 3L));
    assertThat(open.percentileMs(99)).isZero();
  }

  @Test
  void progress_isReportedAboutOnceASecond_withCountsThatOnlyGrow() throws Exception {
    generator.run(plan(new LoadShape.OpenLoop(50, 50), 1_500, 1_200, 5_000), ops.fixedDelay(Duration.ofMillis(5)));

    assertThat(ticks).hasSizeBetween(2, 3);
    assertThat(ticks.get(0).warmingUp()).isTrue();
    assertThat(ticks.get(ticks.size() - 1).warmingUp()).isFalse();
    assertThat(ticks).isSortedAccordingTo((a, b) -> Long.compare(a.completed(), b.completed()));
    assertThat(ticks.get(ticks.size() - 1).completed()).isGreaterThan(ticks.get(0).completed());
  }

  @Test
  void cpu_ofTheMeasuredWindow_includesWhatTheOperationsBurned() throws Exception {
    LoadGenerator measuring = new LoadGenerator(Ticker.SYSTEM, e -> "x", tick -> { }, BenchCommand::processCpuNanos);
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      // Each request burns 3 ms of its thread's own CPU time, however long the machine makes that take.
      Operation burn = Operation.blocking(callers, () -> {
        long until = threads.getCurrentThreadCpuTime() + 3_000_000;
        while (threads.getCurrentThreadCpuTime() < until) {
          Thread.onSpinWait();
        }
      });

      LoadReport r = measuring.run(plan(new LoadShape.ClosedLoop(2), 300, 1_000, 5_000), burn);

      assertThat(r.ok()).isPositive();
      assertThat(r.cpuNanos()).isGreaterThanOrEqualTo((r.ok() - 2) * 3_000_000L);
      assertThat(r.cpuMsPerRequest()).isGreaterThan(2.0);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void shapesAndPlans_refuseValuesThatCannotRun() {
    assertThatThrownBy(() -> new LoadShape.OpenLoop(0, 1)).hasMessageContaining("rate must be > 0");
    assertThatThrownBy(() -> new LoadShape.OpenLoop(Double.NaN, 1)).hasMessageContaining("rate must be > 0");
    assertThatThrownBy(() -> new LoadShape.OpenLoop(10, 0)).hasMessageContaining("max in flight must be > 0");
    assertThatThrownBy(() -> new LoadShape.ClosedLoop(0)).hasMessageContaining("concurrency must be > 0");
    assertThatThrownBy(() -> plan(new LoadShape.ClosedLoop(1), 0, 0, 0)).hasMessageContaining("duration must be > 0");
    assertThatThrownBy(() -> plan(new LoadShape.ClosedLoop(1), -1, 10, 0)).hasMessageContaining("warm-up must be >= 0");
  }

  private static void assertOrdered(LoadReport r) {
    assertThat(r.percentileMs(50)).isLessThanOrEqualTo(r.percentileMs(90));
    assertThat(r.percentileMs(90)).isLessThanOrEqualTo(r.percentileMs(99));
    assertThat(r.percentileMs(99)).isLessThanOrEqualTo(r.percentileMs(99.9));
    assertThat(r.percentileMs(99.9)).isLessThanOrEqualTo(r.maxMs());
  }
}
