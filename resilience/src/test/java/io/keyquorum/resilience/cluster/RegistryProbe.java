package io.keyquorum.resilience.cluster;

import static org.awaitility.Awaitility.await;

import io.keyquorum.consensus.CommitProof;
import io.keyquorum.consensus.ReplicaSet;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.node.RegistryLearner;
import io.keyquorum.node.ReplicaEndpoint;
import io.keyquorum.orchestrator.node.OrchestratorConfig;
import io.keyquorum.registry.Registry;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads one attestor's committed registry, and only that attestor's: a learner (with the
 * orchestrator's TLS identity, which any replica serves) whose replica list reaches that node's
 * real consensus port and no other, replaying its chain into a fresh {@link Registry}. The learner
 * verifies every certificate itself, so what it reports is what that node has committed.
 */
public final class RegistryProbe {
  /** What one node has committed: height, state digest, keys and each key's policy version. */
  public record Snapshot(String node, long height, String digest, Map<String, String> keyStates,
      Map<String, Long> policyVersions, Optional<String> leader) {}

  private RegistryProbe() {}

  /** Waits until {@code attestor}'s committed height reaches {@code minHeight}, then snapshots it. */
  public static Snapshot read(ProxiedNetwork network, String attestor, long minHeight, Duration timeout)
      throws IOException {
    OrchestratorConfig config = OrchestratorConfig.load(
        network.directory().resolve(ProxiedNetwork.ORCHESTRATOR + "/orchestrator.yaml"));
    List<ReplicaEndpoint> configured = config.registry().orElseThrow().replicas();
    int unreachable;
    try (ServerSocket closedSoon = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      unreachable = closedSoon.getLocalPort();
    }
    List<ReplicaEndpoint> onlyThisNode = new ArrayList<>();
    for (ReplicaEndpoint r : configured) {
      int port = r.nodeId().equals(attestor) ? network.consensusPort(attestor) : unreachable;
      onlyThisNode.add(new ReplicaEndpoint(r.nodeId(), "127.0.0.1", port, r.consensusKey()));
    }
    NodeTlsDirectory tls = new NodeTlsDirectory(config.tlsDirectory());
    RegistryLearner learner = new RegistryLearner(tls.readCredentials(), tls.readNetworkCa(), onlyThisNode,
        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(5));
    Registry registry = new Registry(learner.log(), RegistryState.empty(Ed25519PublicKey.of(config.genesisAuthority())));
    try {
      await(attestor + " committed registry reaching height " + minHeight).atMost(timeout)
          .pollInterval(Duration.ofMillis(100)).until(() -> registry.state().height() >= minHeight);
      RegistryState state = registry.state();
      Map<String, String> keys = new TreeMap<>();
      state.keys().forEach((id, k) -> keys.put(id, k.state().toString()));
      Map<String, Long> policies = new TreeMap<>();
      state.policies().forEach((id, p) -> policies.put(id, p.version()));
      ReplicaSet set = new ReplicaSet(configured.stream().map(ReplicaEndpoint::consensusKey).toList());
      // The replica that collects the next QC after the newest one this node holds: the leader now.
      Optional<String> leader = learner.log().latestCertificate().map(CommitProof::decode)
          .map(p -> configured.get(set.leaderOf(p.grandchildQc().view() + 1)).nodeId());
      return new Snapshot(attestor, state.height(), HexFormat.of().formatHex(state.digest()), keys, policies, leader);
    } finally {
      registry.close();
      learner.close();
    }
  }
}
