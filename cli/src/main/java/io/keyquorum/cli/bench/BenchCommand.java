package io.keyquorum.cli.bench;

import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.ContextOption;
import io.keyquorum.cli.session.DeliveryOption;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ProfileOption;
import io.keyquorum.cli.session.UsageException;
import io.keyquorum.client.ClientProfile;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyQuorumException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kq bench}: load on the profile's network with one operation, open loop at a rate or
 * closed loop at a concurrency, and its latency percentiles, throughput and errors. Options are
 * checked before the profile is read, so a bad command line is exit 2 without a network.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Load the network with datakey, decrypt or release requests; report throughput and latency.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the run completed (errors, if any, are in the report)",
        "1:every request failed, or the decrypt blob could not be made", "2:bad options or profile"})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ProfileOption profileOption;
  @Mixin ContextOption context;
  @Mixin DeliveryOption delivery;

  @Option(names = "--op", required = true, paramLabel = "OP", converter = BenchOperation.Name.class,
      description = "datakey, decrypt (of a blob made before the run) or release.")
  BenchOperation op;

  @Option(names = "--key", required = true, paramLabel = "KEY", description = "Key id or alias.")
  String key;

  @Option(names = "--duration", defaultValue = "30s", converter = DurationText.class, paramLabel = "TIME",
      description = "Measured time, e.g. 30s, 2m, 500ms (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "5s", converter = DurationText.class, paramLabel = "TIME",
      description = "Load sent first and not recorded; 0s for none (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--drain", defaultValue = "10s", converter = DurationText.class, paramLabel = "TIME",
      description = "After the run, wait this long for outstanding requests; then they count as unfinished"
          + " errors (default ${DEFAULT-VALUE}).")
  Duration drain;

  @Option(names = "--rate", paramLabel = "R", description = "Open loop: R requests per second, on schedule.")
  Double rate;

  @Option(names = "--concurrency", paramLabel = "C", description = "Closed loop: C workers, one request each at a time.")
  Integer concurrency;

  @Option(names = "--max-in-flight", paramLabel = "N",
      description = "Open loop: requests outstanding at most; one due beyond it is dropped (default 256).")
  Integer maxInFlight;

  @Option(names = "--quiet", description = "No progress line on stderr.")
  boolean quiet;

  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Output output = new Output(json, spec.commandLine().getOut(), err);
    LoadPlan plan;
    Map<String, String> parsedContext;
    ClientProfile profile;
    try {
      plan = plan();
      parsedContext = context.context();
      profile = profileOption.load();
    } catch (UsageException e) {
      return output.usage(e.getMessage());
    }
    int threads = plan.shape() instanceof LoadShape.ClosedLoop c ? c.concurrency()
        : ((LoadShape.OpenLoop) plan.shape()).maxInFlight();
    ExecutorService callers = Executors.newFixedThreadPool(threads, daemonThreads());
    try (KeyQuorumClient client = connect(profile)) {
      Operation operation = Operation.blocking(callers, op.prepare(client, key, parsedContext, delivery.mode()));
      LoadGenerator generator = new LoadGenerator(Ticker.SYSTEM, FailureKind::of,
          quiet ? tick -> { } : new ProgressLine(err));
      LoadReport report = generator.run(plan, operation);
      new ReportFormat(op, delivery.mode()).print(report, output);
      if (report.ok() == 0) {
        err.println("kq: bench: every request failed");
        err.flush();
        return ExitCodes.DENIED;
      }
      return ExitCodes.OK;
    } catch (UsageException e) {
      return output.usage(e.getMessage());
    } catch (KeyQuorumException e) {
      return output.failure(e);
    } finally {
      callers.shutdownNow();
    }
  }

  /** The plan from the options, or a {@link UsageException} naming the option that is wrong. */
  LoadPlan plan() {
    if (rate != null && concurrency != null) {
      throw new UsageException("--rate and --concurrency are mutually exclusive");
    }
    if (rate == null && concurrency == null) {
      throw new UsageException("give --rate R (open loop) or --concurrency C (closed loop)");
    }
    if (duration.isZero()) {
      throw new UsageException("--duration must be > 0");
    }
    LoadShape shape;
    if (rate != null) {
      if (!(rate > 0) || rate.isInfinite()) {
        throw new UsageException("--rate must be > 0, got " + rate);
      }
      int limit = maxInFlight == null ? 256 : maxInFlight;
      if (limit < 1) {
        throw new UsageException("--max-in-flight must be > 0, got " + limit);
      }
      shape = new LoadShape.OpenLoop(rate, limit);
    } else {
      if (maxInFlight != null) {
        throw new UsageException("--max-in-flight applies to --rate only; --concurrency is the in-flight count");
      }
      if (concurrency < 1) {
        throw new UsageException("--concurrency must be > 0, got " + concurrency);
      }
      shape = new LoadShape.ClosedLoop(concurrency);
    }
    return new LoadPlan(shape, warmup, duration, drain);
  }

  private static KeyQuorumClient connect(ClientProfile profile) {
    try {
      return KeyQuorumClient.connect(profile);
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("cannot use client profile: " + e.getMessage(), e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "kq-bench-call-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
