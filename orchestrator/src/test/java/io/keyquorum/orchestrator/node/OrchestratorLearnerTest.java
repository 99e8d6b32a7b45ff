package io.keyquorum.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.node.NodeConfig;
import io.keyquorum.node.RegistryNode;
import io.keyquorum.node.ReplicaEndpoint;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.AdminInfo;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.ClientRecord;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.OrchestratorInfo;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.rpc.pki.CertificateFingerprint;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An orchestrator configured with the registry's replicas follows the BFT log as a non-voting
 * learner: its submissions are relayed to the replicas and commit there, and commands submitted to
 * a replica reach its view, with the same state digest.
 */
class OrchestratorLearnerTest {
  private static final String NETWORK = "net-learner-test";
  private final SecureRandom random = new SecureRandom();
  private final NetworkCa ca = NetworkCa.generate("kq-test", Instant.now(), random);
  private final Ed25519PrivateKey admin = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey orchestratorKey = Ed25519PrivateKey.generate(random);
  private final List<RegistryNode> replicas = new ArrayList<>();
  private final Map<String, X509Certificate> issuedCertificates = new HashMap<>();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    replicas.forEach(RegistryNode::close);
  }

  @Test
  void orchestratorWithReplicasListed_followsTheBftLog_andItsSubmissionsCommitOnTheReplicas() throws Exception {
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    List<ReplicaEndpoint> endpoints = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      keys.add(Ed25519PrivateKey.generate(random));
      endpoints.add(new ReplicaEndpoint("attestor-" + i, "127.0.0.1", freePort(), keys.get(i - 1).publicKey()));
    }
    for (int i = 0; i < 4; i++) {
      ReplicaEndpoint self = endpoints.get(i);
      Path home = dir.resolve(self.nodeId());
      new NodeTlsDirectory(home.resolve("tls")).write(ca.certificate(), issue(self.nodeId()));
      replicas.add(new RegistryNode(NodeConfig.withSuppliedKey(self.nodeId(), home.resolve("data"), "127.0.0.1",
          self.port(), home.resolve("tls"), admin.publicKey(), endpoints, 500, Duration.ofSeconds(30)),
          keys.get(i)).start());
    }

    try (OrchestratorNode orchestrator = OrchestratorNode.start(OrchestratorConfig.load(writeConfig(endpoints)))) {
      // Submitted through the learner: relayed to a replica, committed by the quorum.
      assertThat(orchestrator.registry().submit(genesis(endpoints, keys)).get(30, TimeUnit.SECONDS).accepted())
          .isTrue();
      // Submitted to a replica: the learner picks it up from a verified commit certificate.
      assertThat(replicas.get(3).registry().submit(registerClient()).get(30, TimeUnit.SECONDS).accepted()).isTrue();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        RegistryState followed = orchestrator.registry().state();
        assertThat(followed.client("app-1")).isPresent();
        for (RegistryNode replica : replicas) {
          assertThat(replica.registry().state().height()).isEqualTo(followed.height());
          assertThat(HexFormat.of().formatHex(replica.registry().state().digest()))
              .isEqualTo(HexFormat.of().formatHex(followed.digest()));
        }
      });
      assertThat(dir.resolve("registry.db")).doesNotExist();
    }
  }

  @Test
  void configWithBothOrNeitherRegistryLogAndReplicas_orNoReplica_isRefused() throws Exception {
    List<ReplicaEndpoint> endpoints = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      endpoints.add(new ReplicaEndpoint("attestor-" + i, "127.0.0.1", 7000 + i,
          Ed25519PrivateKey.generate(random).publicKey()));
    }
    Path both = writeConfig(endpoints);
    Files.writeString(both, Files.readString(both) + "registryLog: registry.db\n");
    assertThatThrownBy(() -> OrchestratorConfig.load(both)).hasMessageContaining("exactly one of registryLog");
    Path none = writeConfig(List.of());
    Files.writeString(none, Files.readString(none).replace("replicas:\n", "replicas: []\n"));
    assertThatThrownBy(() -> OrchestratorConfig.load(none)).hasMessageContaining("at least 1 replica");
    // Fewer than four replicas (f = 0) is accepted: kq dev runs 1/1 and 3/2 benchmark networks.
    Path three = writeConfig(endpoints.subList(0, 3));
    assertThat(OrchestratorConfig.load(three).registry().orElseThrow().replicas()).hasSize(3);
  }

  private Path writeConfig(List<ReplicaEndpoint> endpoints) throws IOException {
    new NodeTlsDirectory(dir.resolve("orchestrator-tls")).write(ca.certificate(), issue("orchestrator-1"));
    byte[] seed = orchestratorKey.seed(io.keyquorum.crypto.SecretAccess.INSTANCE)
        .toByteArray(io.keyquorum.crypto.SecretAccess.INSTANCE);
    Files.writeString(dir.resolve("orchestrator.key"), HexFormat.of().formatHex(seed) + "\n");
    StringBuilder yaml = new StringBuilder("""
        nodeId: orchestrator-1
        identityKey: orchestrator.key
        tlsDirectory: orchestrator-tls
        clientListen: 127.0.0.1:0
        genesisAuthority: %s
        registry:
          pollInterval: 100ms
          replicas:
        """.formatted(HexFormat.of().formatHex(admin.publicKey().raw())));
    for (ReplicaEndpoint e : endpoints) {
      yaml.append("    - {id: ").append(e.nodeId()).append(", endpoint: \"127.0.0.1:").append(e.port())
          .append("\", publicKey: ").append(HexFormat.of().formatHex(e.consensusKey().raw())).append("}\n");
    }
    return Files.writeString(dir.resolve("orchestrator.yaml"), yaml.toString());
  }

  private io.keyquorum.crypto.GenesisHash genesisHash;

  /** Issues a node's certificate and remembers it: genesis pins exactly the certificates in use. */
  private NodeCredentials issue(String nodeId) {
    NodeCredentials issued = ca.issue(NodeCertificateSpec.forNode(nodeId), Instant.now());
    issuedCertificates.put(nodeId, issued.certificate());
    return issued;
  }

  private Blob fingerprint(String nodeId) {
    return Blob.copyOf(CertificateFingerprint.of(issuedCertificates.get(nodeId)).toBytes());
  }

  private SignedCommand genesis(List<ReplicaEndpoint> endpoints, List<Ed25519PrivateKey> keys) {
    List<AttestorInfo> attestors = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      attestors.add(new AttestorInfo(endpoints.get(i).nodeId(), keys.get(i).publicKey(), Blob.copyOf(bytes()),
          fingerprint(endpoints.get(i).nodeId()), "127.0.0.1:" + (7400 + i), Map.of()));
    }
    SignedCommand genesis = SignedCommand.sign(new Genesis(new CommandHeader(NETWORK, io.keyquorum.crypto.GenesisHash.NONE,
        "admin-1", 1), 1, attestors, List.of(new AdminInfo("admin-1", admin.publicKey())),
        new OrchestratorInfo("orchestrator-1", orchestratorKey.publicKey(), fingerprint("orchestrator-1"))), admin);
    genesisHash = genesis.genesisHash();
    return genesis;
  }

  private SignedCommand registerClient() {
    return SignedCommand.sign(new RegisterClient(new CommandHeader(NETWORK, genesisHash, "admin-1", 2),
        new ClientRecord("app-1", Ed25519PrivateKey.generate(random).publicKey(), List.of("app"), Map.of(), true)),
        admin);
  }

  private byte[] bytes() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return b;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
