package io.keyquorum.attestor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The node's Prometheus metrics (DESIGN §7): requests and decisions by outcome, latencies,
 * quorum refusals and the registry height.
 */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer attestLatency;
  private final Timer releaseLatency;

  public NodeMetrics(String nodeId, LongSupplier registryHeight) {
    registry.config().commonTags("node", nodeId);
    attestLatency = Timer.builder("kq_attest_latency").description("Attest handling time")
        .publishPercentileHistogram().register(registry);
    releaseLatency = Timer.builder("kq_release_latency").description("Release handling time")
        .publishPercentileHistogram().register(registry);
    Gauge.builder("kq_registry_height", registryHeight::getAsLong).description("Applied registry height")
        .register(registry);
  }

  /**
   * Registers {@code kq_local_policy_errors}: 1 while the attestor-local policy file is not in
   * force (it stopped compiling, or cannot be read), when the node denies every request; else 0.
   * Worth an alert: any value above 0 means the node is refusing its share of every quorum.
   */
  public void localPolicyErrors(BooleanSupplier broken) {
    Gauge.builder("kq_local_policy_errors", () -> broken.getAsBoolean() ? 1 : 0)
        .description("1 while the local policy file does not compile and the node denies every request")
        .register(registry);
  }

  /** Counts an attest outcome: allow, deny, or the refusal reason. */
  public void attest(String outcome, long nanos) {
    Counter.builder("kq_attest_requests").tag("outcome", outcome.toLowerCase(Locale.ROOT)).register(registry).increment();
    attestLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Counts a release outcome: released, or the refusal reason. */
  public void release(String outcome, long nanos) {
    Counter.builder("kq_release_requests").tag("outcome", outcome.toLowerCase(Locale.ROOT)).register(registry).increment();
    if (outcome.equals(Refusal.QUORUM_REFUSED.name())) {
      Counter.builder("kq_quorum_failures").register(registry).increment();
    }
    releaseLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /**
   * Counts a refused quorum certificate by what was wrong with it ({@code wrong-request}, {@code
   * denies}, {@code lacks-own}...): an honest orchestrator never sends one, so any count is worth
   * an alert, and the label says which attack (a replayed or borrowed certificate, a forged allow).
   */
  public void quorumRefused(String fault) {
    Counter.builder("kq_quorum_refusals").description("Quorum certificates refused, by fault")
        .tag("fault", fault).register(registry).increment();
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
