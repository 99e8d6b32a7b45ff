package io.keyquorum.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
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
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four registry replicas on loopback mutual TLS, named as genesis names them. Once genesis pins
 * each member's certificate, a replica serving another CA-signed certificate for its own id (a
 * stolen-and-replaced or superseded one) is cut off by every peer; with its pinned certificate back
 * it catches up.
 */
class ReplicaCertificatePinningTest {
  private static final String NETWORK = "net-pinning";
  private final SecureRandom random = new SecureRandom();
  private final NetworkCa ca = NetworkCa.generate("kq-test", Instant.now(), random);
  private final Ed25519PrivateKey admin = Ed25519PrivateKey.generate(random);
  private final List<ReplicaEndpoint> endpoints = new ArrayList<>();
  private final List<Ed25519PrivateKey> keys = new ArrayList<>();
  private final Map<String, NodeCredentials> pinned = new LinkedHashMap<>();
  private final RegistryNode[] replicas = new RegistryNode[4];
  @TempDir Path dir;

  @AfterEach
  void stop() {
    for (RegistryNode r : replicas) {
      if (r != null) {
        r.close();
      }
    }
  }

  private RegistryNode start(int i, NodeCredentials tls) throws IOException {
    ReplicaEndpoint self = endpoints.get(i);
    Path home = dir.resolve(self.nodeId());
    new NodeTlsDirectory(home.resolve("tls")).write(ca.certificate(), tls);
    return new RegistryNode(NodeConfig.withSuppliedKey(self.nodeId(), home.resolve("data"), "127.0.0.1", self.port(),
        home.resolve("tls"), admin.publicKey(), endpoints, 300, Duration.ofSeconds(30)), keys.get(i)).start();
  }

  private long height(int i) {
    return replicas[i].registry().state().height();
  }

  @Test
  void replicaPresentingAnUnpinnedCertificateForItsOwnId_isCutOff_andCatchesUpWithItsPinnedOne() throws Exception {
    for (int i = 1; i <= 4; i++) {
      keys.add(Ed25519PrivateKey.generate(random));
      endpoints.add(new ReplicaEndpoint("attestor-" + i, "127.0.0.1", freePort(), keys.get(i - 1).publicKey()));
      pinned.put("attestor-" + i, ca.issue(NodeCertificateSpec.forNode("attestor-" + i), Instant.now()));
    }
    for (int i = 0; i < 4; i++) {
      replicas[i] = start(i, pinned.get(endpoints.get(i).nodeId()));
    }
    assertThat(replicas[0].registry().submit(genesis()).get(60, TimeUnit.SECONDS).accepted()).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(() -> height(3) == height(0));

    // attestor-4 comes back serving a certificate the CA signed for it, but not the pinned one.
    replicas[3].close();
    replicas[3] = start(3, ca.issue(NodeCertificateSpec.forNode("attestor-4"), Instant.now()));
    for (int n = 2; n <= 4; n++) {
      assertThat(replicas[0].registry().submit(registerClient(n)).get(60, TimeUnit.SECONDS).accepted()).isTrue();
    }
    long committed = height(0);
    await().atMost(Duration.ofSeconds(30)).until(() -> height(1) == committed && height(2) == committed);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> height(3) < committed);

    // The same node with its pinned certificate is a member again.
    replicas[3].close();
    replicas[3] = start(3, pinned.get("attestor-4"));
    await().atMost(Duration.ofSeconds(30)).until(() -> height(3) >= committed);
  }

  /** Set when the genesis is signed; every later command names it. */
  private GenesisHash genesisHash = GenesisHash.NONE;

  private SignedCommand genesis() {
    List<AttestorInfo> attestors = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = endpoints.get(i).nodeId();
      attestors.add(new AttestorInfo(id, keys.get(i).publicKey(), Blob.copyOf(bytes()),
          Blob.copyOf(CertificateFingerprint.of(pinned.get(id).certificate()).toBytes()), "127.0.0.1:" + (7400 + i),
          Map.of()));
    }
    SignedCommand genesis = SignedCommand.sign(new Genesis(new CommandHeader(NETWORK, GenesisHash.NONE, "admin-1", 1), 1,
        attestors, List.of(new AdminInfo("admin-1", admin.publicKey())),
        new OrchestratorInfo("orchestrator-1", Ed25519PrivateKey.generate(random).publicKey(), Blob.copyOf(bytes()))),
        admin);
    genesisHash = genesis.genesisHash();
    return genesis;
  }

  private SignedCommand registerClient(long sequence) {
    return SignedCommand.sign(new RegisterClient(new CommandHeader(NETWORK, genesisHash, "admin-1", sequence),
        new ClientRecord("app-" + sequence, Ed25519PrivateKey.generate(random).publicKey(), List.of("app"), Map.of(),
            true)), admin);
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
