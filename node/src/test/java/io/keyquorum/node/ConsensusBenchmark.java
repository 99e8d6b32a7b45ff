package io.keyquorum.node;

import io.keyquorum.registry.CommandOutcome;
import io.keyquorum.registry.Registry;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.SignedCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Commits per second and commit latency of the registry over HotStuff, n = 4 replica processes on
 * loopback over mutual TLS. A client in this JVM follows the log as a learner (polling every 5 ms)
 * and runs {@code streams} admins, each submitting RegisterClient commands one after another;
 * latency is from submit to the outcome being known at the client (commit proven by a verified
 * three-chain, fetched by the learner, applied). Not a unit test: run by hand, see
 * docs/benchmarks/consensus.md.
 *
 * <p>Arguments: {@code [streams] [commandsPerStream] [viewTimeoutMillis]} (defaults 20 100 1000).
 */
public final class ConsensusBenchmark {
  private ConsensusBenchmark() {}

  public static void main(String[] args) throws Exception {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int perStream = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    long viewTimeout = args.length > 2 ? Long.parseLong(args[2]) : 1000;
    if (streams > TestRegistry.ADMINS) {
      throw new IllegalArgumentException("at most " + TestRegistry.ADMINS + " streams (one per admin)");
    }
    Path dir = Files.createTempDirectory("kq-consensus-bench");
    TestRegistry reg = new TestRegistry();
    try (ProcessCluster cluster = new ProcessCluster(dir, 4, reg.key(reg.founder()).publicKey(), viewTimeout)) {
      cluster.startAll();
      try (RegistryLearner learner = new RegistryLearner(cluster.issue("bench-client"), cluster.caCertificate(),
          cluster.endpoints(), Duration.ofMillis(5), Duration.ofSeconds(2), Duration.ofSeconds(60));
          Registry view = new Registry(learner.log(), RegistryState.empty(reg.key(reg.founder()).publicKey()))) {
        require(view.submit(reg.genesis()).get(60, TimeUnit.SECONDS));
        // Warm-up: JIT, TLS sessions, links.
        runStreams(reg, view, streams, 10, "warm", new Histogram(3_600_000_000L, 3));
        Histogram latency = new Histogram(3_600_000_000L, 3);
        long start = System.nanoTime();
        runStreams(reg, view, streams, perStream, "bench", latency);
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = (long) streams * perStream;
        System.out.printf("n=4 loopback mTLS, %d streams x %d commands = %d commits in %.2f s%n", streams, perStream,
            total, seconds);
        System.out.printf("throughput: %.0f commands/s%n", total / seconds);
        System.out.printf("commit latency (ms): p50=%.1f p90=%.1f p99=%.1f max=%.1f%n",
            latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(90) / 1000.0,
            latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
        System.out.printf("log height %d, consensus height at replica-1 %d%n", view.state().height(),
            cluster.status(0) == null ? -1 : cluster.status(0).consensus());
      }
    }
  }

  private static void runStreams(TestRegistry reg, Registry view, int streams, int perStream, String tag,
      Histogram latency) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(streams);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int s = 1; s <= streams; s++) {
        String admin = TestRegistry.admin(s);
        List<SignedCommand> mine = new ArrayList<>();
        for (int k = 0; k < perStream; k++) {
          mine.add(reg.registerClient(admin, tag + "-" + s + "-" + k, List.of("reader")));
        }
        futures.add(pool.submit(() -> {
          for (SignedCommand c : mine) {
            long t0 = System.nanoTime();
            require(view.submit(c).get(60, TimeUnit.SECONDS));
            long micros = (System.nanoTime() - t0) / 1000;
            synchronized (latency) {
              latency.recordValue(micros);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void require(CommandOutcome outcome) {
    if (!outcome.accepted()) {
      throw new IllegalStateException("benchmark command rejected: " + outcome.rejection().orElseThrow());
    }
  }
}
