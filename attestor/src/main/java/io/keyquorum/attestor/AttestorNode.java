package io.keyquorum.attestor;

import io.keyquorum.attestor.audit.AuditLog;
import io.keyquorum.node.RegistryCertificatePins;
import io.keyquorum.policy.InvalidPolicyException;
import io.keyquorum.policy.LocalPolicyState;
import io.keyquorum.policy.PolicyCompiler;
import io.keyquorum.registry.Registry;
import io.keyquorum.rpc.health.NodeHealthService;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.log.ReplicatedLog;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import io.keyquorum.rpc.tls.ClientAuthMode;
import io.keyquorum.rpc.tls.NodeServer;
import io.keyquorum.rpc.tls.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running attestor: registry replica, share custody, the Attest/Release service over mutual TLS,
 * the audit chain, metrics and health. Composes the parts from an {@link AttestorConfig}.
 */
public final class AttestorNode implements AutoCloseable {
  /** Largest inbound gRPC message: a request plus a quorum certificate of well-formed members. */
  public static final int MAX_INBOUND_BYTES = 1024 * 1024;
  private static final int MAX_PROBLEM_CHARS = 1024;
  /** The longest an audit row waits before its head is anchored in the registry. */
  static final Duration MAX_ANCHOR_INTERVAL = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(AttestorNode.class);

  private final AttestorConfig config;
  private final List<AutoCloseable> closeFirst = new ArrayList<>();
  private final Custody custody;
  private final AttestorIdentity identity;
  private final NodeDatabase db;
  private final AuditLog audit;
  private final Registry registry;
  private final Optional<RegistryLogs.Opened> ownLog;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService judges;
  private final ShareIntake intake;
  private final AuditAnchorer anchorer;
  private final NodeServer server;
  private final StatusHttpServer status;
  private final ReplicatedLog log;
  private final NodeMetrics metrics;
  private final Optional<Supplier<LocalPolicyState>> localPolicy;
  private volatile boolean closed;

  private AttestorNode(AttestorConfig config, Clock clock, SecureRandom random, Optional<ReplicatedLog> sharedLog)
      throws IOException {
    this.config = config;
    Files.createDirectories(config.dataDir());
    this.custody = Custodies.open(config, random);
    try {
      this.identity = AttestorIdentity.load(config.dataDir(), config.nodeId(), custody);
    } catch (IOException | RuntimeException e) {
      custody.close();
      throw e;
    }
    this.db = NodeDatabase.open(config.databaseFile());
    db.transaction(c -> {
      NodeDatabase.putMeta(c, "signing_key", identity.signingKey().publicKey().raw());
      return null;
    });
    this.audit = new AuditLog(db, clock, config.nodeId());
    audit.append("start", config.nodeId(), Map.of("listen", config.listen().toString()));

    this.ownLog = sharedLog.isEmpty()
        ? Optional.of(RegistryLogs.open(config, identity.signingKey())) : Optional.empty();
    ReplicatedLog log = sharedLog.orElseGet(() -> ownLog.get().log());
    this.log = log;
    RegistryAuditor auditor = new RegistryAuditor(db, audit);
    // A shared log cannot unsubscribe; after close() this node's auditor must ignore blocks.
    log.subscribe(auditor.nextHeight(), block -> {
      if (!closed) {
        auditor.onCommit(block);
      }
    });
    this.registry = new Registry(log, RegistryState.empty(config.genesisAuthority()));
    Supplier<RegistryState> state = registry::state;

    this.scheduler = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "kq-attestor-" + config.nodeId());
      t.setDaemon(true);
      return t;
    });
    PolicyCompiler compiler = new PolicyCompiler();
    Optional<Supplier<LocalPolicyState>> local = Optional.empty();
    if (config.localPolicy().isPresent()) {
      LocalPolicySource source;
      try {
        source = LocalPolicySource.load(config.localPolicy().get(), compiler);
      } catch (InvalidPolicyException e) {
        throw new IllegalArgumentException("local policy " + config.localPolicy().get() + ": " + e.getMessage(), e);
      }
      source.start(scheduler, Duration.ofSeconds(1));
      closeFirst.add(source);
      local = Optional.of(source::state);
    }
    this.localPolicy = local;
    PolicyJudge judge = new PolicyJudge(compiler, local, clock);
    ShareVault vault = new ShareVault(db, custody, config.nodeId());
    Attester attester = new Attester(identity, state, new NonceCache(db), judge, audit, config.settings(), clock);
    Duration releaseWindow = config.settings().clockSkew().plus(config.settings().attestationTtl());
    ShareReleaser releaser = new ShareReleaser(identity, state, vault, new ReleaseLedger(db, releaseWindow), judge, audit,
        config.settings(), clock);
    this.intake = new ShareIntake(identity, state, registry::submit, vault, audit, clock);
    scheduler.scheduleWithFixedDelay(this::scanQuietly, 0, 200, TimeUnit.MILLISECONDS);
    long headMillis = config.auditHeadInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::signHeadQuietly, headMillis, headMillis, TimeUnit.MILLISECONDS);
    this.anchorer = new AuditAnchorer(config.nodeId(), identity.signingKey(), audit, state, registry::submit, clock);
    // At least once a minute while the chain grows (a tick with nothing new reads one row).
    long anchorMillis = Math.min(headMillis, MAX_ANCHOR_INTERVAL.toMillis());
    scheduler.scheduleWithFixedDelay(this::anchorQuietly, anchorMillis, anchorMillis, TimeUnit.MILLISECONDS);

    this.metrics = new NodeMetrics(config.nodeId(), () -> registry.state().height());
    metrics.localPolicyErrors(() -> localPolicyError().isPresent());
    NodeTlsDirectory tls = new NodeTlsDirectory(config.tlsDir());
    NodeCredentials credentials = tls.readCredentials();
    X509Certificate ca = tls.readNetworkCa();
    ServerOptions options = new ServerOptions(config.listen(), ClientAuthMode.MUTUAL, MAX_INBOUND_BYTES, 256,
        config.callThreads(), Duration.ofSeconds(30), Duration.ofSeconds(10));
    LongSupplier height = () -> registry.state().height();
    this.judges = Executors.newFixedThreadPool(config.callThreads(), r -> {
      Thread t = new Thread(r, "kq-attest-caught-up-" + config.nodeId());
      t.setDaemon(true);
      return t;
    });
    AttestorGrpcService.RegistryHeight feed = new AttestorGrpcService.RegistryHeight() {
      @Override
      public long height() {
        return registry.state().height();
      }

      @Override
      public java.util.concurrent.CompletableFuture<?> reached(long h) {
        return registry.reached(h);
      }
    };
    this.server = NodeServer.start(credentials, ca, options, List.of(
        new AttestorGrpcService(attester, releaser, metrics, feed, judges, custody::problem),
        // Orchestrators probe this for `kq status`: liveness and this replica's committed height.
        new NodeHealthService(config.nodeId(), height, this::problems)),
        // A caller naming a member (the orchestrator, an attestor) must hold the certificate
        // genesis pins for it, not merely one the network CA signed.
        new RegistryCertificatePins(() -> Optional.of(registry.state())));
    this.status = config.metricsListen().isPresent()
        ? StatusHttpServer.start(config.metricsListen().get(), metrics, this::healthJson) : null;
    LOG.info("attestor {} listening on port {}", config.nodeId(), server.port());
  }

  /**
   * Starts a node with its own registry log (see {@link RegistryLogs}), on the system clock and
   * the JDK's default {@link SecureRandom}. The attestor's composition root: the only place it
   * names either.
   */
  public static AttestorNode start(AttestorConfig config) throws IOException {
    return new AttestorNode(config, Clock.systemUTC(), new SecureRandom(), Optional.empty());
  }

  /**
   * Starts a node on {@code clock} (attestation times and the skew window, audit times, release
   * ledger, receipt sequences) and {@code random} (custody sealing), with its own registry log or
   * an externally owned one (in-process multi-node tests share one log; the node then does not
   * close it).
   */
  public static AttestorNode start(AttestorConfig config, Clock clock, SecureRandom random,
      Optional<ReplicatedLog> sharedLog) throws IOException {
    return new AttestorNode(config, clock, random, sharedLog);
  }

  public String nodeId() {
    return config.nodeId();
  }

  /** The consensus PeerLink port, when this node is a BFT registry replica. */
  public Optional<Integer> registryPort() {
    return ownLog.flatMap(RegistryLogs.Opened::replica).map(io.keyquorum.node.RegistryNode::port);
  }

  /** The gRPC port (the real one when the config asked for port 0). */
  public int port() {
    return server.port();
  }

  /** The status HTTP port, if configured. */
  public Optional<Integer> statusPort() {
    return Optional.ofNullable(status).map(StatusHttpServer::port);
  }

  /** The Prometheus exposition, as the status port serves it (tests read it without one). */
  public String scrapeMetrics() {
    return metrics.scrape();
  }

  public RegistryState registryState() {
    return registry.state();
  }

  public Registry registry() {
    return registry;
  }

  /** Runs one custody scan now (tests; the node also scans on a schedule). */
  public int scanShares() {
    return intake.scan();
  }

  String healthJson() {
    RegistryState s = registry.state();
    List<String> problems = problems();
    String status = s.governance().isEmpty() ? "waiting-for-genesis" : problems.isEmpty() ? "ok" : "degraded";
    Map<String, Object> health = new java.util.LinkedHashMap<>();
    health.put("nodeId", config.nodeId());
    health.put("registryHeight", s.height());
    health.put("status", status);
    health.put("problems", problems);
    return AuditLog.json(health);
  }

  /** Why the local policy file is not in force (the node then denies every request); empty when it is. */
  public Optional<String> localPolicyError() {
    return localPolicy.flatMap(l -> l.get().error());
  }

  /**
   * What the operator must fix while the node keeps answering; shown by {@code /health} and, via
   * NodeHealth, by {@code kq status}. Each entry is bounded, since it crosses the network.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    custody.problem().ifPresent(c -> problems.add(bounded(c + "; Attest and Release are refused")));
    localPolicyError().ifPresent(e -> problems.add(bounded("local policy not in force, every request is denied: " + e)));
    return List.copyOf(problems);
  }

  private static String bounded(String s) {
    return s.length() <= MAX_PROBLEM_CHARS ? s : s.substring(0, MAX_PROBLEM_CHARS) + "...";
  }

  private void scanQuietly() {
    try {
      // Judge custody only on a caught-up replica: mid-replay, an ack that is further down the
      // log looks missing, and re-sending it would only commit a rejected duplicate.
      if (registry.state().height() >= log.height()) {
        intake.scan();
      }
    } catch (RuntimeException e) {
      // A failed scan must not end the schedule; the next one retries.
      LOG.error("share custody scan failed", e);
    }
  }

  /**
   * Anchors the audit head in the registry now if the chain grew past the anchored row (tests;
   * the node also does so on a schedule). Returns whether it submitted an anchor; it does not
   * wait for the commit.
   */
  public boolean anchorAuditHead() {
    return anchorer.anchorIfGrown();
  }

  private void anchorQuietly() {
    try {
      // As for custody scans: mid-replay the anchored row looks older than it is.
      if (registry.state().height() >= log.height()) {
        anchorer.anchorIfGrown();
      }
    } catch (RuntimeException e) {
      LOG.error("anchoring the audit head failed", e);
    }
  }

  private void signHeadQuietly() {
    try {
      audit.signHead(identity.signingKey());
    } catch (RuntimeException e) {
      LOG.error("signing the audit head failed", e);
    }
  }

  /** Stops serving, signs the audit head, and closes everything in reverse order of start. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (status != null) {
      status.close();
    }
    server.close();
    judges.shutdownNow();
    for (AutoCloseable c : closeFirst) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", c, e.getMessage());
      }
    }
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    audit.append("stop", config.nodeId(), Map.of("registryHeight", registry.state().height()));
    audit.signHead(identity.signingKey());
    // Before identity.close(): a BFT replica signs with the identity key until it stops.
    ownLog.ifPresent(RegistryLogs.Opened::close);
    db.close();
    identity.close();
    custody.close();
  }
}
