package io.keyquorum.e2e.byzantine;

import io.grpc.BindableService;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.e2e.E2eCluster;
import io.keyquorum.orchestrator.flow.FlowMetrics;
import io.keyquorum.rpc.v1.AttestorGrpc;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The e2e network (five real attestors, t = 3, the real orchestrator over mutual TLS) with every
 * attestor's Attest/Release service wrapped by a {@link ByzantineAttestor}. All start honest; a
 * test turns at most t − 1 = 2 of them Byzantine, or slows honest ones, and {@link #reset}s after.
 */
final class ByzantineNetwork implements AutoCloseable {
  static final String ALLOW_ALL = "policy: allow-all\nrules:\n  - effect: allow\n";
  /** Allows everything except dept=hr, which the key policy denies (rule 1). */
  static final String NO_HR = String.join("\n",
      "policy: no-hr",
      "rules:",
      "  - effect: allow",
      "  - effect: deny",
      "    when: '\"dept\" in request.context && request.context[\"dept\"] == \"hr\"'",
      "");
  static final Map<String, String> FINANCE = Map.of("dept", "finance");
  static final Map<String, String> HR = Map.of("dept", "hr");
  /** How long slowed attestors hold their answers: far above a loopback round on busy CI cores. */
  static final Duration SLOW = Duration.ofMillis(1500);

  final E2eCluster cluster;
  private final Map<String, ByzantineAttestor> wire;

  private ByzantineNetwork(E2eCluster cluster, Map<String, ByzantineAttestor> wire) {
    this.cluster = cluster;
    this.wire = wire;
  }

  static ByzantineNetwork start(Path root) throws IOException {
    Map<String, ByzantineAttestor> wire = new LinkedHashMap<>();
    Map<String, Function<AttestorGrpc.AttestorBlockingStub, BindableService>> fronts = new LinkedHashMap<>();
    for (int i = 1; i <= E2eCluster.N; i++) {
      ByzantineAttestor attestor = new ByzantineAttestor();
      wire.put("attestor-" + i, attestor);
      fronts.put("attestor-" + i, attestor::front);
    }
    E2eCluster cluster = E2eCluster.start(root, fronts);
    try {
      for (var e : wire.entrySet()) {
        e.getValue().arm(cluster.identity(e.getKey()), cluster.node(e.getKey()));
      }
    } catch (IOException | RuntimeException e) {
      wire.values().forEach(ByzantineAttestor::closeIdentity);
      cluster.close();
      throw e;
    }
    return new ByzantineNetwork(cluster, wire);
  }

  ByzantineAttestor attestor(String id) {
    return wire.get(id);
  }

  /** Makes {@code ids} misbehave as {@code misbehaviour}. */
  void turn(Misbehaviour misbehaviour, String... ids) {
    for (String id : ids) {
      wire.get(id).behave(misbehaviour);
    }
  }

  /** Holds back the Attest answers of {@code ids} by {@link #SLOW}. */
  void slowAttestations(String... ids) {
    for (String id : ids) {
      wire.get(id).delayAttestations(SLOW);
    }
  }

  void reset() {
    wire.values().forEach(ByzantineAttestor::reset);
  }

  FlowMetrics orchestratorMetrics() {
    return cluster.orchestrator().metrics();
  }

  KeyInfo newKey(String alias, String policy) {
    return cluster.app().createKey(alias, cluster.attestorIds(), E2eCluster.T, policy, Optional.empty());
  }

  List<String> ids() {
    return cluster.attestorIds();
  }

  @Override
  public void close() {
    cluster.close();
    wire.values().forEach(ByzantineAttestor::closeIdentity);
  }
}
