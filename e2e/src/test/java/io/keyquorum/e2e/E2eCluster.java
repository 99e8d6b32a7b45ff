package io.keyquorum.e2e;

import io.grpc.BindableService;
import io.keyquorum.attestor.AttestorConfig;
import io.keyquorum.attestor.AttestorIdentity;
import io.keyquorum.attestor.AttestorNode;
import io.keyquorum.attestor.CustodyKey;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.node.RegistryCertificatePins;
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
import io.keyquorum.registry.log.SingleReplicaLog;
import io.keyquorum.rpc.pki.CertificateFingerprint;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import io.keyquorum.rpc.tls.CertificatePins;
import io.keyquorum.rpc.v1.AttestorGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A whole keyquorum network in one JVM, built the way an operator would: a network CA; five real
 * {@link AttestorNode}s (each initialised like {@code kq attestor init}: sealed identity under a
 * custody passphrase, its own TLS directory, data dir and YAML config) serving mutual TLS on
 * ephemeral loopback ports; a genesis naming them, authored by the genesis admin; the real
 * {@link Orchestrator} reaching them through {@link GrpcAttestorTransport}; and two SDK clients.
 *
 * <p>Every node keeps its own {@link Registry} replica, all following one shared {@link
 * SingleReplicaLog} (a SQLite file), which stands in for the BFT log: each replica applies the same
 * committed bytes independently, so an attestor's ShareReceipt is seen by the orchestrator only
 * through the log, as in a deployment.
 */
public final class E2eCluster implements AutoCloseable {
  public static final String NETWORK = "net-e2e";
  public static final String ADMIN = "admin-1";
  public static final String ORCHESTRATOR = "orchestrator-1";
  /** The application client: may create keys, carries team=payments. */
  public static final String APP = "app-1";
  /** The operator's client session, used with the genesis admin's key for admin commands. */
  public static final String OPS = "ops-1";
  public static final int N = 5;
  public static final int T = 3;

  private final SecureRandom random = new SecureRandom();
  private final NetworkCa ca = NetworkCa.generate(NETWORK, Instant.now(), random);
  private final Ed25519PrivateKey adminKey = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey appKey = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey opsKey = Ed25519PrivateKey.generate(random);
  private final SingleReplicaLog log;
  private final Registry orchestratorReplica;
  private final Map<String, AttestorNode> nodes = new LinkedHashMap<>();
  private final Map<String, NodeCredentials> memberTls = new LinkedHashMap<>();
  private final Map<String, Ed25519PublicKey> attestorKeys = new LinkedHashMap<>();
  private final Map<String, byte[]> hpkeKeys = new LinkedHashMap<>();
  private final Map<String, AttestorConfig> configs = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Orchestrator orchestrator;
  private final KeyQuorumClient app;
  private final KeyQuorumClient ops;
  private final Map<String, Function<AttestorGrpc.AttestorBlockingStub, BindableService>> frontServices;
  private final Map<String, AttestorFront> fronts = new LinkedHashMap<>();
  private long adminSequence;

  private E2eCluster(Path root, Map<String, Function<AttestorGrpc.AttestorBlockingStub, BindableService>> frontServices)
      throws IOException {
    this.frontServices = Map.copyOf(frontServices);
    log = SingleReplicaLog.open(root.resolve("registry.db"));
    try {
      List<AttestorInfo> infos = new ArrayList<>();
      for (int i = 1; i <= N; i++) {
        String id = "attestor-" + i;
        NodeCredentials tls = ca.issue(NodeCertificateSpec.forNode(id), Instant.now());
        AttestorConfig config = initAttestor(root.resolve(id), id, tls);
        // Attestors start before genesis exists (they wait for it), so genesis can name their real ports.
        AttestorNode node = AttestorNode.start(config, Clock.systemUTC(), random, Optional.of(log));
        nodes.put(id, node);
        memberTls.put(id, tls);
        ports.put(id, node.port());
        int endpoint = node.port();
        if (frontServices.containsKey(id)) {
          // The node's own replica decides pins, as it does for the node's own port.
          CertificatePins pins = new RegistryCertificatePins(() -> Optional.of(nodes.get(id).registryState()));
          AttestorFront front = AttestorFront.start(id, tls, ca.certificate(), pins, node.port(), frontServices.get(id));
          fronts.put(id, front);
          endpoint = front.port();
        }
        infos.add(new AttestorInfo(id, attestorKeys.get(id), Blob.copyOf(hpkeKeys.get(id)),
            Blob.copyOf(CertificateFingerprint.of(tls.certificate()).toBytes()), "127.0.0.1:" + endpoint,
            Map.of("zone", "z" + (i % 2))));
      }
      Ed25519PrivateKey orchestratorKey = Ed25519PrivateKey.generate(random);
      NodeCredentials orchestratorTls = ca.issue(NodeCertificateSpec.forNode(ORCHESTRATOR), Instant.now());
      orchestratorReplica = new Registry(log, RegistryState.empty(adminKey.publicKey()));
      RegistryView view = RegistryView.of(orchestratorReplica);
      int f = (N - 1) / 3;
      SignedCommand genesis = SignedCommand.sign(new Genesis(
          new CommandHeader(NETWORK, io.keyquorum.crypto.GenesisHash.NONE, ADMIN, ++adminSequence), f, infos,
          List.of(new AdminInfo(ADMIN, adminKey.publicKey())),
          new OrchestratorInfo(ORCHESTRATOR, orchestratorKey.publicKey(),
              Blob.copyOf(CertificateFingerprint.of(orchestratorTls.certificate()).toBytes()))), adminKey);
      requireAccepted(view.submit(genesis).join());
      genesisHash = genesis.genesisHash();
      register(view, new ClientRecord(APP, appKey.publicKey(), List.of("key-creator", "app"),
          Map.of("team", "payments"), true));
      register(view, new ClientRecord(OPS, opsKey.publicKey(), List.of("admin"), Map.of(), true));
      FlowSettings settings = new FlowSettings(Duration.ofSeconds(5), Duration.ofSeconds(5));
      orchestrator = Orchestrator.start(view,
          new OrchestratorIdentity(ORCHESTRATOR, orchestratorKey, Clock.systemUTC()::millis), orchestratorTls,
          ca.certificate(), new InetSocketAddress("127.0.0.1", 0),
          new GrpcAttestorTransport(orchestratorTls, ca.certificate(), view, settings.attestDeadline()), settings,
          Duration.ofSeconds(30), Clock.systemUTC(), random);
      // Pinned to genesis: the clients check evidence without trusting the orchestrator's network info.
      app = KeyQuorumClient.connect("127.0.0.1", orchestrator.port(), ca.certificate(), ORCHESTRATOR, genesisHash, APP,
          appKey);
      ops = KeyQuorumClient.connect("127.0.0.1", orchestrator.port(), ca.certificate(), ORCHESTRATOR, genesisHash, OPS,
          opsKey);
    } catch (IOException | RuntimeException e) {
      // A half-started network must not leak servers and threads into the next test class.
      fronts.values().forEach(AttestorFront::close);
      nodes.values().forEach(AttestorNode::close);
      log.close();
      throw e;
    }
  }

  /** Starts the network; on return genesis and both clients are committed and the orchestrator serves. */
  public static E2eCluster start(Path root) throws IOException {
    return new E2eCluster(root, Map.of());
  }

  /**
   * As {@link #start(Path)}, with the named attestors behind an {@link AttestorFront}: genesis
   * records the front's address, where the service built from a stub to the real node answers in
   * its place (Byzantine-attestor tests). Fronts outlive {@link #restart}s of their nodes.
   */
  public static E2eCluster start(Path root,
      Map<String, Function<AttestorGrpc.AttestorBlockingStub, BindableService>> frontServices) throws IOException {
    return new E2eCluster(root, frontServices);
  }

  /** Lays out one attestor's directory as {@code kq attestor init} would, and returns its config. */
  private AttestorConfig initAttestor(Path dir, String id, NodeCredentials tls) throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(dir.resolve("passphrase"), "e2e passphrase for " + id + "\n");
    new NodeTlsDirectory(dir.resolve("tls")).write(ca.certificate(), tls);
    // scryptN = 1024 keeps five custody derivations fast; the default cost is tested in the attestor module.
    try (CustodyKey custody = CustodyKey.open(data, dir.resolve("passphrase"), 1024, CustodyKey.DEFAULT_R,
        CustodyKey.DEFAULT_P, random);
        AttestorIdentity identity = AttestorIdentity.generate(id, random)) {
      identity.store(data, custody);
      attestorKeys.put(id, identity.signingKey().publicKey());
      hpkeKeys.put(id, identity.hpkeKey().publicKey().raw());
    }
    Path config = dir.resolve("attestor.yaml");
    Files.writeString(config, String.join("\n",
        "nodeId: " + id,
        "dataDir: data",
        "listen: 127.0.0.1:0",
        "tlsDir: tls",
        "passphraseFile: passphrase",
        "genesisAuthority: " + HexFormat.of().formatHex(adminKey.publicKey().raw()),
        "scryptN: 1024",
        "callThreads: 4",
        "auditHeadIntervalSeconds: 3600",
        ""));
    AttestorConfig loaded = AttestorConfig.load(config);
    configs.put(id, loaded);
    return loaded;
  }

  private synchronized CommandHeader adminHeader() {
    return new CommandHeader(NETWORK, genesisHash, ADMIN, ++adminSequence);
  }

  /** The network's genesis hash, as a client profile pins it. */
  public io.keyquorum.crypto.GenesisHash genesisHash() {
    return genesisHash;
  }

  private void register(RegistryView view, ClientRecord record) {
    requireAccepted(view.submit(SignedCommand.sign(new RegisterClient(adminHeader(), record), adminKey)).join());
  }

  private static void requireAccepted(CommandOutcome outcome) {
    if (!outcome.accepted()) {
      throw new IllegalStateException("cluster setup command rejected: " + outcome.rejection().orElseThrow());
    }
  }

  public KeyQuorumClient app() {
    return app;
  }

  public KeyQuorumClient ops() {
    return ops;
  }

  public String adminId() {
    return ADMIN;
  }

  public Ed25519PrivateKey adminKey() {
    return adminKey;
  }

  /** The application client's signing key, for hand-built requests sent straight to attestors. */
  public Ed25519PrivateKey appKey() {
    return appKey;
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  /** A certificate from the network CA, as any node of the network would hold. */
  public NodeCredentials issueCredentials(String nodeName) {
    return ca.issue(NodeCertificateSpec.forNode(nodeName), Instant.now());
  }

  /** The certificate a member attestor actually serves with, the one genesis pins for it. */
  public NodeCredentials memberCredentials(String attestorId) {
    return memberTls.get(attestorId);
  }

  public List<String> attestorIds() {
    return List.copyOf(nodes.keySet());
  }

  /** Attestor signing keys as genesis has them. */
  private volatile io.keyquorum.crypto.GenesisHash genesisHash;

  public Map<String, Ed25519PublicKey> attestorKeys() {
    return Map.copyOf(attestorKeys);
  }

  public AttestorNode node(String id) {
    return nodes.get(id);
  }

  /** The port genesis records for attestor {@code id}: its front's, if it has one, else the node's own. */
  public int endpointPort(String id) {
    AttestorFront front = fronts.get(id);
    return front != null ? front.port() : nodes.get(id).port();
  }

  /** The orchestrator's own registry replica. */
  public RegistryState orchestratorRegistry() {
    return orchestratorReplica.state();
  }

  public Orchestrator orchestrator() {
    return orchestrator;
  }

  /** The node's database (shares sealed, nonces, releases, audit chain). */
  public Path databaseFile(String id) {
    return configs.get(id).databaseFile();
  }

  /**
   * Attestor {@code id}'s identity (signing and HPKE keys), unsealed from its data dir with its
   * custody passphrase as its operator could: a Byzantine node signs with its real key. Close it.
   */
  public AttestorIdentity identity(String id) throws IOException {
    AttestorConfig config = configs.get(id);
    try (CustodyKey custody = CustodyKey.open(config.dataDir(), config.passphraseFile(), config.scryptN(),
        CustodyKey.DEFAULT_R, CustodyKey.DEFAULT_P, random)) {
      return AttestorIdentity.load(config.dataDir(), id, custody);
    }
  }

  /** Stops an attestor node: its server closes, its custody and database close. */
  public void stop(String id) {
    nodes.get(id).close();
  }

  /**
   * Starts a stopped attestor again from its data dir, on the port genesis records for it: it
   * reopens its custody with the passphrase, replays the registry log into a fresh replica, and
   * serves the shares it stored before.
   */
  public void restart(String id) throws IOException {
    AttestorConfig old = configs.get(id);
    AttestorConfig samePort = new AttestorConfig(old.nodeId(), old.dataDir(),
        new InetSocketAddress("127.0.0.1", ports.get(id)), old.tlsDir(), old.passphraseFile(),
        old.genesisAuthority(), old.localPolicy(), old.metricsListen(), old.peers(), old.settings(), old.callThreads(),
        old.auditHeadInterval(), old.scryptN(), old.registry());
    nodes.put(id, AttestorNode.start(samePort, Clock.systemUTC(), random, Optional.of(log)));
  }

  @Override
  public void close() {
    app.close();
    ops.close();
    orchestrator.close();
    fronts.values().forEach(AttestorFront::close);
    nodes.values().forEach(AttestorNode::close);
    log.close();
  }
}
