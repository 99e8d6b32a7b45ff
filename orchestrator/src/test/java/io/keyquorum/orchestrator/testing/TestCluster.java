package io.keyquorum.orchestrator.testing;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.orchestrator.Orchestrator;
import io.keyquorum.orchestrator.OrchestratorIdentity;
import io.keyquorum.orchestrator.RegistryView;
import io.keyquorum.orchestrator.flow.FlowSettings;
import io.keyquorum.orchestrator.grpc.GrpcAttestorTransport;
import io.keyquorum.registry.CommandOutcome;
import io.keyquorum.registry.Registry;
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
import io.keyquorum.registry.log.InMemoryReplicatedLog;
import io.keyquorum.rpc.pki.CertificateFingerprint;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.NodeServer;
import io.keyquorum.rpc.tls.ServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A whole network on loopback: a network CA, n {@link TestAttestor}s each on its own mutual-TLS
 * gRPC server, a registry replica (InMemoryReplicatedLog) with genesis, a genesis admin, and a
 * real {@link Orchestrator} serving the client API over TLS and reaching the attestors through
 * {@link GrpcAttestorTransport}. Attestors ack their deals from a background loop, as real ones
 * would on seeing the commit.
 */
public final class TestCluster implements AutoCloseable {
  public static final String NETWORK = "net-test";
  public static final String ADMIN = "admin-1";
  public static final String ORCHESTRATOR = "orchestrator-1";

  private final SecureRandom random = new SecureRandom();
  private final NetworkCa ca = NetworkCa.generate(NETWORK, Instant.now(), random);
  private final Ed25519PrivateKey adminKey = Ed25519PrivateKey.generate(random);
  private final Registry registry;
  private final RegistryView view;
  private final List<TestAttestor> attestors = new ArrayList<>();
  private final List<NodeServer> servers = new ArrayList<>();
  private final List<NodeCredentials> attestorTls = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final ScheduledExecutorService acker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "test-attestor-acks");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong adminSequence = new AtomicLong();
  private final Orchestrator orchestrator;
  private GenesisHash genesisHash;

  public TestCluster(int n, int f, FlowSettings settings) throws IOException {
    registry = new Registry(new InMemoryReplicatedLog(), RegistryState.empty(adminKey.publicKey()));
    view = RegistryView.of(registry);
    List<AttestorInfo> infos = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String id = "attestor-" + i;
      Ed25519PrivateKey signing = Ed25519PrivateKey.generate(random);
      HpkePrivateKey hpke = HpkePrivateKey.generate(random);
      NodeCredentials tls = ca.issue(NodeCertificateSpec.forNode(id), Instant.now());
      TestAttestor attestor = new TestAttestor(id, signing, hpke, view);
      NodeServer server = NodeServer.start(tls, ca.certificate(),
          ServerOptions.mutual(new InetSocketAddress("127.0.0.1", 0)), services(attestor));
      attestors.add(attestor);
      servers.add(server);
      attestorTls.add(tls);
      ports.add(server.port());
      infos.add(new AttestorInfo(id, signing.publicKey(), Blob.copyOf(hpke.publicKey().raw()),
          Blob.copyOf(CertificateFingerprint.of(tls.certificate()).toBytes()), "127.0.0.1:" + server.port(),
          Map.of("zone", "z" + (i % 2))));
    }
    Ed25519PrivateKey orchestratorKey = Ed25519PrivateKey.generate(random);
    NodeCredentials orchestratorTls = ca.issue(NodeCertificateSpec.forNode(ORCHESTRATOR), Instant.now());
    Genesis genesis = new Genesis(new CommandHeader(NETWORK, GenesisHash.NONE, ADMIN, adminSequence.incrementAndGet()), f, infos, List.of(new AdminInfo(ADMIN, adminKey.publicKey())),
        new OrchestratorInfo(ORCHESTRATOR, orchestratorKey.publicKey(),
            Blob.copyOf(CertificateFingerprint.of(orchestratorTls.certificate()).toBytes())));
    SignedCommand signedGenesis = SignedCommand.sign(genesis, adminKey);
    requireAccepted(view.submit(signedGenesis).join());
    genesisHash = signedGenesis.genesisHash();
    orchestrator = Orchestrator.start(view,
        new OrchestratorIdentity(ORCHESTRATOR, orchestratorKey, Clock.systemUTC()::millis), orchestratorTls,
        ca.certificate(), new InetSocketAddress("127.0.0.1", 0),
        new GrpcAttestorTransport(orchestratorTls, ca.certificate(), view, settings.attestDeadline()), settings,
        Duration.ofSeconds(20), Clock.systemUTC(), random);
    acker.scheduleWithFixedDelay(this::ackDeals, 10, 10, TimeUnit.MILLISECONDS);
  }

  /** A test attestor serves attestor.proto and NodeHealth (its height is the shared replica's). */
  private List<io.grpc.BindableService> services(TestAttestor attestor) {
    return List.of(attestor, new io.keyquorum.rpc.health.NodeHealthService(attestor.id(), () -> view.state().height(),
        attestor::problems));
  }

  private void ackDeals() {
    for (int i = 0; i < attestors.size(); i++) {
      if (servers.get(i) != null) {
        try {
          attestors.get(i).acknowledgeDeals();
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(TestCluster.class).warn("ack loop: {}", e.toString());
        }
      }
    }
  }

  public CommandHeader adminHeader() {
    return new CommandHeader(NETWORK, genesisHash, ADMIN, adminSequence.incrementAndGet());
  }

  /** The genesis hash of this cluster's network: what a client profile pins. */
  public GenesisHash genesisHash() {
    return genesisHash;
  }

  public Ed25519PrivateKey adminKey() {
    return adminKey;
  }

  /** Registers a client directly in the registry (as an admin would). */
  public Ed25519PrivateKey registerClient(String clientId, List<String> roles, Map<String, String> attributes) {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
    ClientRecord record = new ClientRecord(clientId, key.publicKey(), roles, attributes, true);
    requireAccepted(view.submit(SignedCommand.sign(new RegisterClient(adminHeader(), record), adminKey)).join());
    return key;
  }

  public RegistryView registry() {
    return view;
  }

  public Orchestrator orchestrator() {
    return orchestrator;
  }

  /** The network CA, for tests that stand up another server clients will trust (a lying orchestrator). */
  public NetworkCa ca() {
    return ca;
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  public int orchestratorPort() {
    return orchestrator.port();
  }

  public TestAttestor attestor(int i) {
    return attestors.get(i - 1);
  }

  public List<String> attestorIds() {
    return attestors.stream().map(TestAttestor::id).toList();
  }

  /** Stops attestor {@code i} (1-based): its server closes and it stops acking. */
  public synchronized void stop(int i) {
    NodeServer s = servers.get(i - 1);
    if (s != null) {
      s.close();
      servers.set(i - 1, null);
    }
  }

  /** Restarts a stopped attestor on its old port. */
  public synchronized void restart(int i) throws IOException {
    if (servers.get(i - 1) == null) {
      servers.set(i - 1, NodeServer.start(attestorTls.get(i - 1), ca.certificate(),
          ServerOptions.mutual(new InetSocketAddress("127.0.0.1", ports.get(i - 1))), services(attestors.get(i - 1))));
    }
  }

  private static void requireAccepted(CommandOutcome outcome) {
    if (!outcome.accepted()) {
      throw new IllegalStateException("test setup command rejected: " + outcome.rejection().orElseThrow());
    }
  }

  @Override
  public void close() {
    acker.shutdownNow();
    orchestrator.close();
    servers.stream().filter(java.util.Objects::nonNull).forEach(NodeServer::close);
    registry.close();
  }
}
