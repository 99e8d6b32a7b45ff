package io.keyquorum.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.session.Output;
import io.keyquorum.protocol.DeliveryMode;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link LoadReport} as printed: a short table, or with {@code --json} one object whose field
 * names are a contract for the benchmark scripts (docs/CLI.md lists them). Times are milliseconds.
 */
final class ReportFormat {
  private final BenchOperation op;
  private final DeliveryMode delivery;

  ReportFormat(BenchOperation op, DeliveryMode delivery) {
    this.op = op;
    this.delivery = delivery;
  }

  void print(LoadReport report, Output output) {
    output.result(json(report), text(report));
  }

  ObjectNode json(LoadReport r) {
    ObjectNode root = Output.object();
    root.put("op", op.wireName());
    root.put("delivery", delivery.name().toLowerCase(Locale.ROOT));
    root.put("mode", r.shape().mode());
    if (r.shape() instanceof LoadShape.OpenLoop open) {
      root.put("rate", open.ratePerSecond());
      root.put("maxInFlight", open.maxInFlight());
    } else if (r.shape() instanceof LoadShape.ClosedLoop closed) {
      root.put("concurrency", closed.concurrency());
    }
    root.put("warmupSeconds", seconds(r.warmup().toNanos()));
    root.put("durationSeconds", seconds(r.duration().toNanos()));
    root.put("elapsedSeconds", seconds(r.elapsedNanos()));
    root.put("throughput", round(r.throughput(), 1));
    root.put("p50Ms", round(r.percentileMs(50), 3));
    root.put("p90Ms", round(r.percentileMs(90), 3));
    root.put("p99Ms", round(r.percentileMs(99), 3));
    root.put("p999Ms", round(r.percentileMs(99.9), 3));
    root.put("maxMs", round(r.maxMs(), 3));
    root.put("meanMs", round(r.meanMs(), 3));
    root.put("ok", r.ok());
    root.put("errors", r.errors());
    root.put("dropped", r.dropped());
    root.put("maxInFlightObserved", r.maxInFlightObserved());
    ObjectNode kinds = root.putObject("errorKinds");
    new TreeMap<>(r.errorKinds()).forEach(kinds::put);
    ObjectNode examples = root.putObject("errorExamples");
    new TreeMap<>(r.errorExamples()).forEach(examples::put);
    return root;
  }

  String text(LoadReport r) {
    String load = r.shape() instanceof LoadShape.OpenLoop open
        ? String.format(Locale.ROOT, "open loop at %s/s (at most %d in flight)", number(open.ratePerSecond()),
            open.maxInFlight())
        : "closed loop, concurrency " + ((LoadShape.ClosedLoop) r.shape()).concurrency();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%s, delivery %s, %s, %ss measured after %ss warm-up%n", op.wireName(),
        delivery.name().toLowerCase(Locale.ROOT), load, number(seconds(r.duration().toNanos())),
        number(seconds(r.warmup().toNanos()))));
    b.append(String.format(Locale.ROOT, "requests:    %d ok, %d errors, %d dropped (max %d in flight)%n", r.ok(),
        r.errors(), r.dropped(), r.maxInFlightObserved()));
    b.append(String.format(Locale.ROOT, "throughput:  %.1f ok/s over %.2f s%n", r.throughput(),
        seconds(r.elapsedNanos())));
    b.append(String.format(Locale.ROOT, "latency ms:  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
        r.percentileMs(50), r.percentileMs(90), r.percentileMs(99), r.percentileMs(99.9), r.maxMs()));
    for (Map.Entry<String, Long> kind : new TreeMap<>(r.errorKinds()).entrySet()) {
      b.append(String.format(Locale.ROOT, "errors:      %d %s: %s%n", kind.getValue(), kind.getKey(),
          r.errorExamples().getOrDefault(kind.getKey(), "")));
    }
    return b.toString();
  }

  private static double seconds(long nanos) {
    return round(nanos / 1e9, 3);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  /** 300 rather than 300.0, 0.5 as 0.5. */
  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
