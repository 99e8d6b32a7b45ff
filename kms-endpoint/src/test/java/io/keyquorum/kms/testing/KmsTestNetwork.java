package io.keyquorum.kms.testing;

import io.keyquorum.attestor.AttestorConfig;
import io.keyquorum.attestor.AttestorIdentity;
import io.keyquorum.attestor.AttestorNode;
import io.keyquorum.attestor.CustodyKey;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
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

/**
 * A slim copy of e2e's {@code E2eCluster} (e2e publishes no test jar): five real {@link AttestorNode}s
 * over mutual TLS on loopback, genesis, the real {@link Orchestrator}, and the application client
 * {@code app-1}, so the KMS endpoint's tests drive a real network.
 */
public final class KmsTestNetwork implements AutoCloseable {
  public static final String NETWORK = "net-kms";
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
  // Seeds kept so tests can write the key files a client profile and a credentials file point to.
  private final byte[] adminSeed = seed(random);
  private final byte[] appSeed = seed(random);
  private final Ed25519PrivateKey adminKey = Ed25519PrivateKey.fromSeed(io.keyquorum.crypto.SecretBytes.copyOf(adminSeed));
  private final Ed25519PrivateKey appKey = Ed25519PrivateKey.fromSeed(io.keyquorum.crypto.SecretBytes.copyOf(appSeed));
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
  private long adminSequence;

  private KmsTestNetwork(Path root) throws IOException {
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
        infos.add(new AttestorInfo(id, attestorKeys.get(id), Blob.copyOf(hpkeKeys.get(id)),
            Blob.copyOf(CertificateFingerprint.of(tls.certificate()).toBytes()), "127.0.0.1:" + node.port(),
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
          new OrchestratorIdentity(ORCHESTRATOR, orchestratorKey, System::currentTimeMillis), orchestratorTls,
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
      nodes.values().forEach(AttestorNode::close);
      log.close();
      throw e;
    }
  }

  /** Starts the network; on return genesis and both clients are committed and the orchestrator serves. */
  public static KmsTestNetwork start(Path root) throws IOException {
    return new KmsTestNetwork(root);
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

  private static byte[] seed(SecureRandom random) {
    byte[] b = new byte[Ed25519PrivateKey.SEED_LENGTH];
    random.nextBytes(b);
    return b;
  }

  /** The app client's Ed25519 seed, 64 hex digits, as a profile's identity key file holds it. */
  public String appSeedHex() {
    return HexFormat.of().formatHex(appSeed);
  }

  public String adminSeedHex() {
    return HexFormat.of().formatHex(adminSeed);
  }

  public int orchestratorPort() {
    return orchestrator.port();
  }

  /** A certificate from the network CA for {@code name}, valid for 127.0.0.1. */
  public NodeCredentials issueCredentials(String name) {
    return ca.issue(NodeCertificateSpec.forNode(name), Instant.now());
  }

  /** Stops an attestor node: its server closes, so it no longer answers. */
  public void stop(String id) {
    nodes.get(id).close();
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


  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  public List<String> attestorIds() {
    return List.copyOf(nodes.keySet());
  }

  /** Attestor signing keys as genesis has them. */
  private volatile io.keyquorum.crypto.GenesisHash genesisHash;

  public Map<String, Ed25519PublicKey> attestorKeys() {
    return Map.copyOf(attestorKeys);
  }

  @Override
  public void close() {
    app.close();
    ops.close();
    orchestrator.close();
    nodes.values().forEach(AttestorNode::close);
    log.close();
  }
}
