package io.keyquorum.node;

import io.grpc.BindableService;
import io.keyquorum.consensus.ReplicaConfig;
import io.keyquorum.consensus.ReplicaSet;
import io.keyquorum.consensus.SqliteBlockStore;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.registry.Registry;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.log.bft.HotStuffLog;
import io.keyquorum.rpc.peer.PeerLinkClient;
import io.keyquorum.rpc.peer.PeerLinkOptions;
import io.keyquorum.rpc.peer.PeerLinkService;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import io.keyquorum.rpc.tls.CertificatePins;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeServer;
import io.keyquorum.rpc.tls.ServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One voting registry replica on real sockets: a SQLite block store, a HotStuff replica
 * ({@link HotStuffLog}), PeerLink over mutual TLS to the other replicas, and the
 * {@link Registry} state machine following the committed log.
 *
 * <p>Guarantees: what {@link HotStuffLog} guarantees (agreement with every correct replica,
 * durability of every delivered block, exactly-once commands), with peers authenticated by their
 * network-CA certificates and mapped to replica indices by the node ids those certificates name.
 * The registry state is rebuilt by replaying the committed log at start, so it is exactly as
 * durable as the log.
 */
public final class RegistryNode implements AutoCloseable {
  /** Sync responses may reach 8 MiB (consensus CatchUp); leave room for framing. */
  static final int MAX_MESSAGE_BYTES = 16 << 20;

  private final NodeConfig config;
  private final Ed25519PrivateKey suppliedKey;
  private PeerLinkClient client;
  private HotStuffLog log;
  private volatile Registry registry;
  private NodeServer server;
  private PeerLinkTransport transport;

  /** A node whose consensus key is read from {@code config.identitySeedFile()} at start. */
  public RegistryNode(NodeConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    if (config.identitySeedFile() == null) {
      throw new IllegalArgumentException("config has no identity.seed.file; supply the consensus key");
    }
    this.suppliedKey = null;
  }

  /**
   * A node signing with a key its host already holds (an attestor's identity key, which genesis
   * names), so the key never touches disk in plaintext. The caller keeps ownership: it must not
   * destroy the key before {@link #close()} returns.
   */
  public RegistryNode(NodeConfig config, Ed25519PrivateKey signingKey) {
    this.config = Objects.requireNonNull(config, "config");
    this.suppliedKey = Objects.requireNonNull(signingKey, "signingKey");
  }

  static PeerLinkOptions linkOptions() {
    return new PeerLinkOptions(8192, MAX_MESSAGE_BYTES - 1024, Duration.ofMillis(200),
        new ChannelOptions(MAX_MESSAGE_BYTES, Duration.ofSeconds(30), Duration.ofSeconds(10)));
  }

  /** Opens the store, replays the committed log into the registry, and starts serving. */
  public synchronized RegistryNode start() throws IOException {
    if (log != null) {
      throw new IllegalStateException("node already started");
    }
    NodeTlsDirectory tls = new NodeTlsDirectory(config.tlsDir());
    X509Certificate ca = tls.readNetworkCa();
    NodeCredentials credentials = tls.readCredentials();
    if (!credentials.nodeId().equals(config.nodeId())) {
      throw new IllegalArgumentException("node.id is " + config.nodeId() + " but the certificate names "
          + credentials.nodeId());
    }
    Ed25519PrivateKey key = suppliedKey != null ? suppliedKey : IdentitySeedFile.read(config.identitySeedFile());
    ReplicaSet replicas = new ReplicaSet(config.replicas().stream().map(ReplicaEndpoint::consensusKey).toList());
    int self = config.index();
    if (!replicas.publicKey(self).equals(key.publicKey())) {
      throw new IllegalArgumentException("consensus key does not match replica." + config.nodeId() + "'s public key");
    }
    Files.createDirectories(config.dataDir());
    // Once genesis is applied, a replica at its configured address must present the certificate
    // genesis pins for that member (and so must a member or learner dialling in), not just any
    // certificate of the network CA naming it.
    CertificatePins pins = new RegistryCertificatePins(
        () -> Optional.ofNullable(registry).map(Registry::state));
    client = new PeerLinkClient(credentials, ca, config.replicas().stream()
        .filter(r -> !r.nodeId().equals(config.nodeId())).map(ReplicaEndpoint::address).toList(), linkOptions(),
        pins);
    transport = new PeerLinkTransport(config.replicas().stream().map(ReplicaEndpoint::nodeId).toList(), self,
        client, Duration.ofSeconds(2));
    ReplicaConfig replicaConfig = new ReplicaConfig(config.viewTimeoutMillis(), 5, ReplicaConfig.defaults().maxBatchBytes(),
        100_000, 256L << 20);
    // Validating: junk and unauthorised commands get no vote here, whether submitted locally or over a peer link.
    log = HotStuffLog.openValidating(self, key, replicas, new SqliteBlockStore(config.dataDir().resolve("blocks.db")),
        transport, new HotStuffLog.Timing(replicaConfig, 5, config.submitTimeout()),
        RegistryState.empty(config.genesisAuthority()));
    transport.bind(log::onMessage);
    transport.onSubmission(log::submit);
    registry = new Registry(log, RegistryState.empty(config.genesisAuthority()));
    PeerLinkService service = new PeerLinkService(transport.messageHandler(), transport.fetchHandler());
    server = NodeServer.start(credentials, ca,
        ServerOptions.mutual(new InetSocketAddress(config.listenHost(), config.listenPort()))
            .withMaxInboundMessageBytes(MAX_MESSAGE_BYTES),
        List.<BindableService>of(service), pins);
    return this;
  }

  public NodeConfig config() {
    return config;
  }

  public HotStuffLog log() {
    requireStarted();
    return log;
  }

  public Registry registry() {
    requireStarted();
    return registry;
  }

  PeerLinkTransport transport() {
    requireStarted();
    return transport;
  }

  /** The bound PeerLink port. */
  public int port() {
    requireStarted();
    return server.port();
  }

  private void requireStarted() {
    if (log == null) {
      throw new IllegalStateException("node not started");
    }
  }

  /** Stops serving, then the replica, then the store. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
    }
    if (registry != null) {
      registry.close(); // closes the log, which closes the store
    } else if (log != null) {
      log.close();
    }
    if (client != null) {
      client.close();
    }
  }
}
