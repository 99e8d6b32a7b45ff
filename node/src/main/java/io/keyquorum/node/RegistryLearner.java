package io.keyquorum.node;

import io.keyquorum.consensus.ReplicaSet;
import io.keyquorum.registry.log.bft.LearnerLog;
import io.keyquorum.rpc.peer.PeerLinkClient;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.CertificatePins;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * A non-voting node's view of the registry log (an orchestrator or an operator tool): a
 * {@link LearnerLog} fed over PeerLink Fetch from the replicas, relaying submissions to them.
 * Needs no listening port. Guarantees are {@link LearnerLog}'s: it trusts only certificates it
 * verified itself, so no single replica can make it deliver a block the quorum did not commit.
 */
public final class RegistryLearner implements AutoCloseable {
  private final PeerLinkClient client;
  private final LearnerLog log;

  public RegistryLearner(NodeCredentials self, X509Certificate networkCa, List<ReplicaEndpoint> replicas,
      Duration pollInterval, Duration resubmitInterval, Duration submitTimeout) {
    this(self, networkCa, replicas, pollInterval, resubmitInterval, submitTimeout, CertificatePins.NONE);
  }

  /** As above; a replica whose certificate {@code pins} pin must present exactly that one. */
  public RegistryLearner(NodeCredentials self, X509Certificate networkCa, List<ReplicaEndpoint> replicas,
      Duration pollInterval, Duration resubmitInterval, Duration submitTimeout, CertificatePins pins) {
    this.client = new PeerLinkClient(self, networkCa, replicas.stream().map(ReplicaEndpoint::address).toList(),
        RegistryNode.linkOptions(), pins);
    ReplicaSet set = new ReplicaSet(replicas.stream().map(ReplicaEndpoint::consensusKey).toList());
    PeerLinkTransport transport = new PeerLinkTransport(replicas.stream().map(ReplicaEndpoint::nodeId).toList(), -1,
        client, Duration.ofSeconds(2));
    this.log = new LearnerLog(self.nodeId(), set, transport, transport::relay, pollInterval, resubmitInterval,
        submitTimeout);
    transport.bind(log::onMessage);
  }

  public LearnerLog log() {
    return log;
  }

  @Override
  public void close() {
    log.close();
    client.close();
  }
}
