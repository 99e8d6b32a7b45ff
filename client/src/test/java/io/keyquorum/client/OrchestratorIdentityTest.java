package io.keyquorum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.stub.StreamObserver;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.NodeServer;
import io.keyquorum.rpc.tls.ServerOptions;
import io.keyquorum.rpc.v1.GetNetworkRequest;
import io.keyquorum.rpc.v1.KeyQuorumGrpc;
import io.keyquorum.rpc.v1.NetworkInfo;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real loopback TLS: the client reaches the orchestrator its profile names, at the host it dials,
 * and no other node of the network, although every server here holds a network-CA certificate.
 */
class OrchestratorIdentityTest {
  private static final String ORCHESTRATOR = "orchestrator-1";
  private final SecureRandom random = new SecureRandom();
  private final NetworkCa ca = NetworkCa.generate("net", Instant.now(), random);

  /** Answers GetNetwork, so a call that gets through the handshake succeeds. */
  private static final class Answering extends KeyQuorumGrpc.KeyQuorumImplBase {
    @Override
    public void getNetwork(GetNetworkRequest request, StreamObserver<NetworkInfo> response) {
      response.onNext(NetworkInfo.newBuilder().setNetworkId("net").build());
      response.onCompleted();
    }
  }

  private NodeServer serve(NodeCredentials as) throws Exception {
    return NodeServer.start(as, ca.certificate(), ServerOptions.serverOnly(new InetSocketAddress("127.0.0.1", 0)),
        List.of(new Answering()));
  }

  private KeyQuorumClient dial(NodeServer server) {
    return KeyQuorumClient.connect("127.0.0.1", server.port(), ca.certificate(), ORCHESTRATOR,
        io.keyquorum.crypto.GenesisHash.ofPayload(new byte[1]), "app",
        Ed25519PrivateKey.generate(random));
  }

  @Test
  void orchestratorNamedInItsCertificate_isReached() throws Exception {
    try (NodeServer server = serve(ca.issue(NodeCertificateSpec.forNode(ORCHESTRATOR), Instant.now()));
        KeyQuorumClient client = dial(server)) {
      assertThat(client.network().getNetworkId()).isEqualTo("net");
    }
  }

  @Test
  void endpointWhoseCertificateDoesNotNameTheOrchestrator_isRefused() throws Exception {
    // An attestor of the same network, at the address the client dials.
    try (NodeServer server = serve(ca.issue(NodeCertificateSpec.forNode("attestor-1"), Instant.now()));
        KeyQuorumClient client = dial(server)) {
      assertThatThrownBy(client::network).isInstanceOfSatisfying(KeyQuorumException.class, e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(causes(e)).contains("expected '" + ORCHESTRATOR + "'");
      });
    }
  }

  @Test
  void orchestratorCertificateForAnotherHost_isRefused() throws Exception {
    NodeCredentials elsewhere = ca.issue(new NodeCertificateSpec(ORCHESTRATOR, List.of("kq.example"),
        List.of("10.9.9.9"), Duration.ofDays(1)), Instant.now());
    try (NodeServer server = serve(elsewhere); KeyQuorumClient client = dial(server)) {
      assertThatThrownBy(client::network).isInstanceOfSatisfying(KeyQuorumException.class, e ->
          assertThat(causes(e)).contains("No subject alternative names matching IP"));
    }
  }

  @Test
  void profile_namesTheOrchestrator_defaultingToWhatNetworkInitIssues(@TempDir Path dir) throws Exception {
    Path named = Files.writeString(dir.resolve("named.json"), """
        {"endpoint": "h:1", "caCert": "ca.pem", "genesisHash": "1111111111111111111111111111111111111111111111111111111111111111", "clientId": "c", "identityKey": "k",
         "orchestratorId": "orch-7"}""");
    Path plain = Files.writeString(dir.resolve("plain.json"), """
        {"endpoint": "h:1", "caCert": "ca.pem", "genesisHash": "1111111111111111111111111111111111111111111111111111111111111111", "clientId": "c", "identityKey": "k"}""");
    assertThat(ClientProfile.load(named).orchestratorId()).isEqualTo("orch-7");
    assertThat(ClientProfile.load(plain).orchestratorId()).isEqualTo(ClientProfile.DEFAULT_ORCHESTRATOR_ID);
  }

  private static String causes(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause()) {
      all.append(c).append('\n');
    }
    return all.toString();
  }
}
