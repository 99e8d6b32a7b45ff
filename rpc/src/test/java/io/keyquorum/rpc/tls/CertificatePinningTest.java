package io.keyquorum.rpc.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.keyquorum.rpc.TestNetwork;
import io.keyquorum.rpc.health.NodeHealthService;
import io.keyquorum.rpc.pki.CertificateFingerprint;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.v1.HealthRequest;
import io.keyquorum.rpc.v1.HealthResponse;
import io.keyquorum.rpc.v1.NodeHealthGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real loopback TLS: a certificate the network CA signed is not enough where the registry pins
 * the one certificate a member holds. Every "impostor" here holds a valid CA-signed certificate.
 */
class CertificatePinningTest {
  private static final TestNetwork NET = new TestNetwork("pin-net");
  private static final NodeCredentials ATTESTOR_1 = NET.node("attestor-1");
  private static final NodeCredentials ATTESTOR_2 = NET.node("attestor-2");
  private static final NodeCredentials ORCHESTRATOR = NET.node("orchestrator-1");
  /** What the registry records: the fingerprint of each member's one certificate. */
  private static final CertificatePins REGISTRY = CertificatePins.of(Map.of(
      "attestor-1", CertificateFingerprint.of(ATTESTOR_1.certificate()),
      "attestor-2", CertificateFingerprint.of(ATTESTOR_2.certificate()),
      "orchestrator-1", CertificateFingerprint.of(ORCHESTRATOR.certificate())));
  private static final String HOST = TestNetwork.LOOPBACK;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Test
  void pinnedMemberAtItsAddress_isServed() throws Exception {
    NodeServer server = start(ATTESTOR_1, REGISTRY);
    assertThat(check(dial(ORCHESTRATOR, "attestor-1", server)).getNodeId()).isEqualTo("attestor-1");
  }

  @Test
  void peerPresentingAnotherMembersCertificate_isRefused() throws Exception {
    // attestor-2's genuine certificate, served at the address where attestor-1 is expected.
    NodeServer server = start(ATTESTOR_2, REGISTRY);
    assertRefused(dial(ORCHESTRATOR, "attestor-1", server), "expected 'attestor-1'");
  }

  @Test
  void peerPresentingAnUnpinnedCertificateForTheDialledMember_isRefused() throws Exception {
    // A CA-signed certificate naming attestor-1 (reissued, superseded or stolen-and-replaced),
    // but not the one the registry pins for it.
    NodeCredentials lookAlike = NET.node("attestor-1");
    NodeServer server = start(lookAlike, CertificatePins.NONE);
    assertRefused(dial(ORCHESTRATOR, "attestor-1", server), "is not the one pinned for it");
    // Without the pin, the CA and the id alone would have let it through.
    assertThat(check(track(NodeChannels.mutual(ORCHESTRATOR, NET.caCertificate(), "attestor-1", HOST,
        server.port(), ChannelOptions.defaults()))).getNodeId()).isEqualTo("attestor-1");
  }

  @Test
  void callerPresentingAnUnpinnedCertificateForAMember_isRefusedByAPinnedServer() throws Exception {
    NodeServer server = start(ATTESTOR_1, REGISTRY);
    NodeCredentials stolenName = NET.node("orchestrator-1");
    assertRefused(dial(stolenName, "attestor-1", server), "");
    assertThat(check(dial(ORCHESTRATOR, "attestor-1", server)).getNodeId()).isEqualTo("attestor-1");
  }

  @Test
  void nodeWithoutAPin_isCheckedByCaAndIdAlone() throws Exception {
    NodeCredentials newcomer = NET.node("attestor-9");
    NodeServer server = start(newcomer, REGISTRY);
    assertThat(check(dial(ORCHESTRATOR, "attestor-9", server)).getNodeId()).isEqualTo("attestor-9");
  }

  private ManagedChannel dial(NodeCredentials self, String peer, NodeServer server) {
    return track(NodeChannels.mutual(self, NET.caCertificate(), peer, REGISTRY, HOST, server.port(),
        ChannelOptions.defaults()));
  }

  private HealthResponse check(ManagedChannel channel) {
    return NodeHealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthRequest.getDefaultInstance());
  }

  /** Refused in the handshake (UNAVAILABLE), and some cause in the chain says {@code why}. */
  private void assertRefused(ManagedChannel channel, String why) {
    assertThatThrownBy(() -> check(channel))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAVAILABLE))
        .satisfies(e -> {
          StringBuilder all = new StringBuilder();
          for (Throwable c = e; c != null; c = c.getCause()) {
            all.append(c).append('\n');
          }
          assertThat(all.toString()).contains(why);
        });
  }

  private NodeServer start(NodeCredentials node, CertificatePins pins) throws Exception {
    NodeServer server = NodeServer.start(node, NET.caCertificate(), ServerOptions.mutual(TestNetwork.anyLoopbackPort()),
        List.of(new NodeHealthService(node.nodeId(), () -> 1)), pins);
    open.add(server);
    return server;
  }

  private ManagedChannel track(ManagedChannel channel) {
    open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }
}
