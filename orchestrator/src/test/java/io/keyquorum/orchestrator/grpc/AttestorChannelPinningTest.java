package io.keyquorum.orchestrator.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.orchestrator.RegistryView;
import io.keyquorum.registry.Registry;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.AdminInfo;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.OrchestratorInfo;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.log.InMemoryReplicatedLog;
import io.keyquorum.rpc.health.NodeHealthService;
import io.keyquorum.rpc.pki.CertificateFingerprint;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.NodeServer;
import io.keyquorum.rpc.tls.ServerOptions;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator's channel to "attestor-1 at host:port" (as genesis records it) over real
 * loopback TLS: whatever listens there must present the certificate genesis pins for attestor-1.
 * Every server here holds a valid certificate from the network CA.
 */
class AttestorChannelPinningTest {
  private final SecureRandom random = new SecureRandom();
  private final NetworkCa ca = NetworkCa.generate("pin-test", Instant.now(), random);
  private final NodeCredentials attestor1 = issue("attestor-1");
  private final NodeCredentials attestor2 = issue("attestor-2");
  private final NodeCredentials orchestrator = issue("orchestrator-1");
  private NodeServer server;
  private GrpcAttestorTransport transport;
  private Registry registry;

  private NodeCredentials issue(String id) {
    return ca.issue(NodeCertificateSpec.forNode(id), Instant.now());
  }

  @AfterEach
  void close() {
    if (transport != null) {
      transport.close();
    }
    if (server != null) {
      server.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  /** Serves health as {@code presented} at a port that genesis records as attestor-1's endpoint. */
  private long probeAttestor1Served(NodeCredentials presented) throws Exception {
    server = NodeServer.start(presented, ca.certificate(), ServerOptions.mutual(new InetSocketAddress("127.0.0.1", 0)),
        List.of(new NodeHealthService(presented.nodeId(), () -> 7)));
    Ed25519PrivateKey admin = Ed25519PrivateKey.generate(random);
    registry = new Registry(new InMemoryReplicatedLog(), RegistryState.empty(admin.publicKey()));
    List<AttestorInfo> attestors = List.of(new AttestorInfo("attestor-1", Ed25519PrivateKey.generate(random).publicKey(),
        Blob.copyOf(HpkePrivateKey.generate(random).publicKey().raw()),
        Blob.copyOf(CertificateFingerprint.of(attestor1.certificate()).toBytes()), "127.0.0.1:" + server.port(),
        Map.of()));
    Genesis genesis = new Genesis(new CommandHeader("net-pin", io.keyquorum.crypto.GenesisHash.NONE, "admin-1", 1), 0, attestors,
        List.of(new AdminInfo("admin-1", admin.publicKey())), new OrchestratorInfo("orchestrator-1",
            Ed25519PrivateKey.generate(random).publicKey(),
            Blob.copyOf(CertificateFingerprint.of(orchestrator.certificate()).toBytes())));
    assertThat(registry.submit(SignedCommand.sign(genesis, admin)).get(10, TimeUnit.SECONDS).accepted()).isTrue();
    transport = new GrpcAttestorTransport(orchestrator, ca.certificate(), RegistryView.of(registry),
        Duration.ofSeconds(10));
    return transport.registryHeight("attestor-1").get(20, TimeUnit.SECONDS);
  }

  @Test
  void registeredAttestorAtItsEndpoint_isReached() throws Exception {
    assertThat(probeAttestor1Served(attestor1)).isEqualTo(7);
  }

  @Test
  void peerPresentingAnotherMembersCertificate_isRefused() {
    assertThatThrownBy(() -> probeAttestor1Served(attestor2))
        .isInstanceOf(ExecutionException.class).hasMessageContaining("UNAVAILABLE");
  }

  @Test
  void peerPresentingAnUnpinnedCertificateNamingTheMember_isRefused() {
    // Signed by the network CA and naming attestor-1, but not the certificate genesis registered.
    assertThatThrownBy(() -> probeAttestor1Served(issue("attestor-1")))
        .isInstanceOf(ExecutionException.class).hasMessageContaining("UNAVAILABLE");
  }
}
