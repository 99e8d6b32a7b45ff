package io.keyquorum.orchestrator.flow;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counters in the Prometheus text exposition format (version 0.0.4). Labels are
 * operation names, outcome kinds and attestor ids only: never key material, contexts or client
 * data.
 */
public final class FlowMetrics implements AttestorFault.Sink {
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> seconds = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> attestorOutcomes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> attestorFaults = new ConcurrentHashMap<>();

  /** Counts one finished operation and its latency. */
  public void request(String operation, String outcome, long nanos) {
    requests.computeIfAbsent(label("operation", operation) + "," + label("outcome", outcome), k -> new LongAdder())
        .increment();
    seconds.computeIfAbsent(label("operation", operation), k -> new LongAdder()).add(nanos / 1_000);
  }

  /** Counts an attestor's non-allow outcome (denied, unreachable, invalid, bad-share). */
  public void attestor(String attestorId, String status) {
    attestorOutcomes.computeIfAbsent(label("attestor", attestorId) + "," + label("status", status), k -> new LongAdder())
        .increment();
  }

  /** Counts an answer no honest attestor sends, as it is detected (during or after the request). */
  @Override
  public void record(String attestorId, AttestorFault fault) {
    attestorFaults.computeIfAbsent(faultKey(attestorId, fault), k -> new LongAdder()).increment();
  }

  public long faultCount(String attestorId, AttestorFault fault) {
    LongAdder a = attestorFaults.get(faultKey(attestorId, fault));
    return a == null ? 0 : a.sum();
  }

  private static String faultKey(String attestorId, AttestorFault fault) {
    return label("attestor", attestorId) + "," + label("fault", fault.wireName());
  }

  public long count(String operation, String outcome) {
    LongAdder a = requests.get(label("operation", operation) + "," + label("outcome", outcome));
    return a == null ? 0 : a.sum();
  }

  public long attestorCount(String attestorId, String status) {
    LongAdder a = attestorOutcomes.get(label("attestor", attestorId) + "," + label("status", status));
    return a == null ? 0 : a.sum();
  }

  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP kq_requests_total Key operations by outcome.\n# TYPE kq_requests_total counter\n");
    new TreeMap<>(requests).forEach((k, v) -> sb.append("kq_requests_total{").append(k).append("} ").append(v.sum()).append('\n'));
    sb.append("# HELP kq_request_seconds_total Time spent in key operations.\n# TYPE kq_request_seconds_total counter\n");
    new TreeMap<>(seconds).forEach((k, v) -> sb.append("kq_request_seconds_total{").append(k).append("} ")
        .append(v.sum() / 1e6).append('\n'));
    sb.append("# HELP kq_attestor_outcomes_total Attestor answers other than allow.\n"
        + "# TYPE kq_attestor_outcomes_total counter\n");
    new TreeMap<>(attestorOutcomes).forEach((k, v) -> sb.append("kq_attestor_outcomes_total{").append(k).append("} ")
        .append(v.sum()).append('\n'));
    sb.append("# HELP kq_attestor_faults_total Answers no honest attestor sends, by attestor and fault.\n"
        + "# TYPE kq_attestor_faults_total counter\n");
    new TreeMap<>(attestorFaults).forEach((k, v) -> sb.append("kq_attestor_faults_total{").append(k).append("} ")
        .append(v.sum()).append('\n'));
    return sb.toString();
  }

  private static String label(String name, String value) {
    return name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
