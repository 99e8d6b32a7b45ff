package io.keyquorum.orchestrator.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.orchestrator.Orchestrator;
import io.keyquorum.orchestrator.OrchestratorIdentity;
import io.keyquorum.orchestrator.RegistryView;
import io.keyquorum.orchestrator.flow.FlowSettings;
import io.keyquorum.orchestrator.grpc.GrpcAttestorTransport;
import io.keyquorum.registry.Registry;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.node.RegistryCertificatePins;
import io.keyquorum.node.RegistryLearner;
import io.keyquorum.registry.log.ReplicatedLog;
import io.keyquorum.registry.log.SingleReplicaLog;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import io.keyquorum.rpc.tls.CertificatePins;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator process ({@code kq orchestrator --config FILE}): loads its config, identity
 * and TLS files, follows the registry replica, serves the client API, exposes {@code /metrics}
 * (Prometheus text) and {@code /healthz} over plain HTTP on the metrics address (bind it to a
 * private interface; it shows counters only), and rotates its delivery key on schedule.
 */
public final class OrchestratorNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorNode.class);

  private final Registry registry;
  private final Orchestrator orchestrator;
  private final HttpServer http;
  private final ScheduledExecutorService rotation;

  private OrchestratorNode(Registry registry, Orchestrator orchestrator, HttpServer http,
      ScheduledExecutorService rotation) {
    this.registry = registry;
    this.orchestrator = orchestrator;
    this.http = http;
    this.rotation = rotation;
  }

  public static OrchestratorNode start(OrchestratorConfig config) throws IOException {
    NodeTlsDirectory tlsDir = new NodeTlsDirectory(config.tlsDirectory());
    X509Certificate ca = tlsDir.readNetworkCa();
    NodeCredentials tls = tlsDir.readCredentials();
    Ed25519PrivateKey identityKey = readSeed(config.identityKey());
    AtomicReference<Registry> following = new AtomicReference<>();
    Registry registry = new Registry(openLog(config, tls, ca,
        new RegistryCertificatePins(() -> Optional.ofNullable(following.get()).map(Registry::state))),
        RegistryState.empty(Ed25519PublicKey.of(config.genesisAuthority())));
    following.set(registry);
    RegistryView view = RegistryView.of(registry);
    // The orchestrator's composition root: the only place it names the system clock and entropy.
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    Orchestrator orchestrator;
    try {
      orchestrator = Orchestrator.start(view,
          new OrchestratorIdentity(config.nodeId(), identityKey, clock::millis), tls, ca,
          config.clientListen(), new GrpcAttestorTransport(tls, ca, view, config.attestDeadline()),
          new FlowSettings(config.attestDeadline(), config.releaseDeadline()), config.dealTimeout(), clock, random);
    } catch (IOException | RuntimeException e) {
      registry.close();
      throw e;
    }
    HttpServer http = null;
    if (config.metricsListen() != null) {
      http = HttpServer.create(config.metricsListen(), 16);
      http.createContext("/metrics", ex -> respond(ex, "text/plain; version=0.0.4", orchestrator.metrics().render()));
      http.createContext("/healthz", ex -> respond(ex, "application/json", "{\"nodeId\":\"" + config.nodeId()
          + "\",\"registryHeight\":" + registry.state().height() + ",\"genesis\":"
          + registry.state().governance().isPresent() + "}"));
      http.start();
    }
    ScheduledExecutorService rotation = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kq-delivery-key-rotation");
      t.setDaemon(true);
      return t;
    });
    long period = config.deliveryKeyRotation().toMillis();
    rotation.scheduleAtFixedRate(() -> orchestrator.deliveryKeys().rotate(), period, period, TimeUnit.MILLISECONDS);
    LOG.info("orchestrator {} serving clients on port {}", config.nodeId(), orchestrator.port());
    return new OrchestratorNode(registry, orchestrator, http, rotation);
  }

  /**
   * The registry log: a learner of the attestors' BFT log when the config lists the replicas
   * (every multi-node deployment, DESIGN §6), else a local single-replica log (n = 1). The learner
   * trusts only commit certificates it verified against the replicas' keys, so no single replica
   * can feed it a block the quorum did not commit; its submissions are relayed to the replicas. Once
   * genesis is known, each replica must present the certificate genesis pins for it.
   */
  private static ReplicatedLog openLog(OrchestratorConfig config, NodeCredentials tls, X509Certificate ca,
      CertificatePins pins) {
    if (config.registry().isEmpty()) {
      return SingleReplicaLog.open(config.registryLog());
    }
    OrchestratorConfig.RegistryReplicas r = config.registry().get();
    RegistryLearner learner = new RegistryLearner(tls, ca, r.replicas(), r.pollInterval(), r.pollInterval().multipliedBy(5),
        r.submitTimeout(), pins);
    return new FollowedLog(learner);
  }

  /** The registry replica this node follows (its state, and a way to submit commands). */
  public Registry registry() {
    return registry;
  }

  public int clientPort() {
    return orchestrator.port();
  }

  public int metricsPort() {
    return http == null ? -1 : http.getAddress().getPort();
  }

  public Orchestrator orchestrator() {
    return orchestrator;
  }

  /** Runs until the process is told to stop. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals("--config")) {
      System.err.println("usage: kq orchestrator --config FILE");
      System.exit(2);
    }
    OrchestratorNode node = start(OrchestratorConfig.load(Path.of(args[1])));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "kq-shutdown"));
    stopped.await();
  }

  static Ed25519PrivateKey readSeed(Path file) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    try {
      String hex = new String(raw, StandardCharsets.US_ASCII).trim();
      if (hex.length() != 64) {
        throw new IllegalArgumentException("identity key " + file + " must be 64 hex digits (an Ed25519 seed)");
      }
      return Ed25519PrivateKey.fromSeed(SecretBytes.adopt(HexFormat.of().parseHex(hex)));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static void respond(HttpExchange exchange, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    rotation.shutdownNow();
    if (http != null) {
      http.stop(0);
    }
    orchestrator.close();
    registry.close();
  }
}
