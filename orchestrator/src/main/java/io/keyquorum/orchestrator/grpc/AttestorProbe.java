package io.keyquorum.orchestrator.grpc;

import com.google.protobuf.ByteString;
import io.keyquorum.orchestrator.RegistryView;
import io.keyquorum.orchestrator.flow.AttestorTransport;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.rpc.v1.AttestorHealth;
import io.keyquorum.rpc.v1.NetworkStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds the network status report: the orchestrator's registry height, and for every genesis
 * attestor its NodeHealth answer over the same mutual-TLS channel the request flow uses (so
 * "healthy" means the node genesis names, proved by its certificate, answered). All attestors are
 * asked at once; the report waits at most the transport's call deadline. A report is reused for
 * about a second, so calls in quick succession cost one fan-out.
 */
public final class AttestorProbe {
  private final RegistryView registry;
  private static final long MAX_WAIT_SECONDS = 10;
  private static final int MAX_PROBLEMS = 8;
  private static final int MAX_PROBLEM_CHARS = 1024;

  /** How long one report is served before the attestors are asked again. */
  public static final Duration DEFAULT_CACHE = Duration.ofSeconds(1);

  private final AttestorTransport transport;
  private final long cacheNanos;
  private NetworkStatus cached;
  private long cachedAtNanos;

  public AttestorProbe(RegistryView registry, AttestorTransport transport) {
    this(registry, transport, DEFAULT_CACHE);
  }

  /**
   * @param cache how long a report is reused: GetStatus fans out to every attestor, so without it
   *     each call (or a caller in a loop) costs n health checks
   */
  public AttestorProbe(RegistryView registry, AttestorTransport transport, Duration cache) {
    this.registry = registry;
    this.transport = transport;
    this.cacheNanos = cache.toNanos();
  }

  /** A health answer: the attestor's height, its problems and the round trip, measured when the answer arrived. */
  private record Answer(AttestorTransport.Health health, long latencyMillis) {}

  /**
   * An attestor's problems as a client may print them: at most {@link #MAX_PROBLEMS}, each cut to
   * {@link #MAX_PROBLEM_CHARS} and without control characters, since a faulty attestor could send
   * anything to a user's terminal.
   */
  static List<String> shown(List<String> problems) {
    return problems.stream().limit(MAX_PROBLEMS)
        .map(p -> p.length() > MAX_PROBLEM_CHARS ? p.substring(0, MAX_PROBLEM_CHARS) + "..." : p)
        .map(p -> p.replaceAll("\\p{Cntrl}", " "))
        .toList();
  }

  /**
   * The report, at most {@link #DEFAULT_CACHE} old (as configured). Concurrent callers during a
   * refresh wait for that one fan-out rather than starting their own.
   */
  public synchronized NetworkStatus status(String orchestratorId) {
    long now = System.nanoTime();
    if (cached != null && now - cachedAtNanos < cacheNanos && cached.getOrchestratorId().equals(orchestratorId)) {
      return cached;
    }
    cached = probe(orchestratorId);
    cachedAtNanos = System.nanoTime();
    return cached;
  }

  private NetworkStatus probe(String orchestratorId) {
    RegistryState state = registry.state();
    NetworkStatus.Builder b = NetworkStatus.newBuilder().setOrchestratorId(orchestratorId)
        .setRegistryHeight(state.height());
    Map<AttestorInfo, CompletableFuture<Answer>> pending = new LinkedHashMap<>();
    state.governance().ifPresent(g -> {
      b.setNetworkId(g.networkId());
      for (AttestorInfo a : g.attestors().values()) {
        long start = System.nanoTime();
        pending.put(a, transport.health(a.id())
            .thenApply(h -> new Answer(h, (System.nanoTime() - start) / 1_000_000)));
      }
    });
    List<AttestorHealth> reports = new ArrayList<>();
    for (Map.Entry<AttestorInfo, CompletableFuture<Answer>> p : pending.entrySet()) {
      AttestorInfo info = p.getKey();
      AttestorHealth.Builder h = AttestorHealth.newBuilder().setAttestorId(info.id())
          .setEndpoint(info.endpoint()).setSigningKey(ByteString.copyFrom(info.signingKey().raw()));
      try {
        // The transport's own call deadline ends each check; this bound only guards against a stuck transport.
        Answer answer = p.getValue().get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        h.setHealthy(true).setRegistryHeight(answer.health().registryHeight()).setLatencyMs((int) Math.min(Integer.MAX_VALUE,
            answer.latencyMillis())).addAllProblems(shown(answer.health().problems()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        h.setHealthy(false).setError("interrupted");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        h.setHealthy(false).setError(String.valueOf(cause.getMessage()));
      } catch (TimeoutException e) {
        h.setHealthy(false).setError("no answer in " + MAX_WAIT_SECONDS + "s");
      }
      reports.add(h.build());
    }
    return b.addAllAttestors(reports).build();
  }
}
