package io.keyquorum.orchestrator.node;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.node.ReplicaEndpoint;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The orchestrator's YAML configuration. Relative paths resolve against the file's directory;
 * unknown fields are errors (a misspelt field must not silently fall back to a default).
 *
 * <pre>
 * nodeId: orchestrator-1
 * identityKey: orchestrator.key      # 64 hex digits: the Ed25519 seed genesis names
 * tlsDirectory: tls                  # ca.pem, node.pem, node-key.pem
 * clientListen: 0.0.0.0:7400         # client API, server-authenticated TLS
 * metricsListen: 127.0.0.1:9400      # GET /metrics (Prometheus), GET /healthz
 * genesisAuthority: 3b6a...           # hex Ed25519 public key every replica trusts for genesis
 * registryLog: registry.db           # n = 1 only: a local single-replica SQLite log, or else
 * registry:                          # multi-node: follow the attestors' BFT log as a learner
 *   replicas:                        # replica-index order, as in every attestor's registry section
 *     - {id: attestor-1, endpoint: "attestor-1.example:7543", publicKey: 9f2c...}
 *   pollInterval: 200ms              # optional
 *   submitTimeout: 30s               # optional
 * attestDeadline: 2s
 * releaseDeadline: 2s
 * dealTimeout: 30s
 * deliveryKeyRotation: 10m
 * </pre>
 */
public record OrchestratorConfig(String nodeId, Path identityKey, Path tlsDirectory, InetSocketAddress clientListen,
    InetSocketAddress metricsListen, byte[] genesisAuthority, Path registryLog, Duration attestDeadline,
    Duration releaseDeadline, Duration dealTimeout, Duration deliveryKeyRotation,
    Optional<RegistryReplicas> registry) {

  /**
   * The BFT registry to follow as a non-voting learner: the attestors' replica set (their consensus
   * PeerLink endpoints and identity signing keys) in replica-index order.
   */
  public record RegistryReplicas(List<ReplicaEndpoint> replicas, Duration pollInterval, Duration submitTimeout) {
    public RegistryReplicas {
      replicas = List.copyOf(replicas);
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(submitTimeout, "submitTimeout");
      // n < 4 means f = 0 (no faulty replica tolerated); allowed for small benchmark and dev networks.
      if (replicas.isEmpty()) {
        throw new IllegalArgumentException("registry.replicas: a BFT registry has at least 1 replica");
      }
    }
  }

  private record ReplicaYaml(@JsonProperty("id") String id, @JsonProperty("endpoint") String endpoint,
      @JsonProperty("publicKey") String publicKey) {}

  private record RegistryYaml(@JsonProperty("replicas") List<ReplicaYaml> replicas,
      @JsonProperty("pollInterval") String pollInterval, @JsonProperty("submitTimeout") String submitTimeout) {}
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  public OrchestratorConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    if (genesisAuthority.length != 32) {
      throw new IllegalArgumentException("genesisAuthority must be 64 hex digits (an Ed25519 public key)");
    }
    genesisAuthority = genesisAuthority.clone();
    Objects.requireNonNull(registry, "registry");
    // Exactly one log: a learner of the BFT log (multi-node), or a local single replica (n = 1).
    if (registry.isPresent() == (registryLog != null)) {
      throw new IllegalArgumentException("set exactly one of registryLog (n = 1) and registry (the BFT replicas)");
    }
  }

  @Override
  public byte[] genesisAuthority() {
    return genesisAuthority.clone();
  }

  private record Yaml(String nodeId, String identityKey, String tlsDirectory, String clientListen, String metricsListen,
      String genesisAuthority, String registryLog, String attestDeadline, String releaseDeadline, String dealTimeout,
      String deliveryKeyRotation, RegistryYaml registry) {
    @JsonCreator
    Yaml(@JsonProperty(value = "nodeId", required = true) String nodeId,
        @JsonProperty(value = "identityKey", required = true) String identityKey,
        @JsonProperty(value = "tlsDirectory", required = true) String tlsDirectory,
        @JsonProperty(value = "clientListen", required = true) String clientListen,
        @JsonProperty("metricsListen") String metricsListen,
        @JsonProperty(value = "genesisAuthority", required = true) String genesisAuthority,
        @JsonProperty("registryLog") String registryLog,
        @JsonProperty("attestDeadline") String attestDeadline,
        @JsonProperty("releaseDeadline") String releaseDeadline,
        @JsonProperty("dealTimeout") String dealTimeout,
        @JsonProperty("deliveryKeyRotation") String deliveryKeyRotation,
        @JsonProperty("registry") RegistryYaml registry) {
      this.nodeId = nodeId;
      this.identityKey = identityKey;
      this.tlsDirectory = tlsDirectory;
      this.clientListen = clientListen;
      this.metricsListen = metricsListen;
      this.genesisAuthority = genesisAuthority;
      this.registryLog = registryLog;
      this.attestDeadline = attestDeadline;
      this.releaseDeadline = releaseDeadline;
      this.dealTimeout = dealTimeout;
      this.deliveryKeyRotation = deliveryKeyRotation;
      this.registry = registry;
    }
  }

  /** Loads and validates a config file; errors name the file and the field. */
  public static OrchestratorConfig load(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    Yaml y;
    try {
      y = mapper.readValue(file.toFile(), Yaml.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException("orchestrator config " + file + ": " + e.getOriginalMessage(), e);
    }
    Path dir = file.toAbsolutePath().getParent();
    try {
      byte[] authority;
      try {
        authority = HexFormat.of().parseHex(y.genesisAuthority());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("genesisAuthority is not hex");
      }
      return new OrchestratorConfig(y.nodeId(), dir.resolve(y.identityKey()), dir.resolve(y.tlsDirectory()),
          address("clientListen", y.clientListen()),
          y.metricsListen() == null ? null : address("metricsListen", y.metricsListen()),
          authority, y.registryLog() == null ? null : dir.resolve(y.registryLog()),
          duration("attestDeadline", y.attestDeadline(), Duration.ofSeconds(2)),
          duration("releaseDeadline", y.releaseDeadline(), Duration.ofSeconds(2)),
          duration("dealTimeout", y.dealTimeout(), Duration.ofSeconds(30)),
          duration("deliveryKeyRotation", y.deliveryKeyRotation(), Duration.ofMinutes(10)),
          Optional.ofNullable(y.registry()).map(OrchestratorConfig::replicas));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("orchestrator config " + file + ": " + e.getMessage(), e);
    }
  }

  private static RegistryReplicas replicas(RegistryYaml r) {
    if (r.replicas() == null) {
      throw new IllegalArgumentException("registry needs 'replicas'");
    }
    List<ReplicaEndpoint> endpoints = new ArrayList<>();
    for (ReplicaYaml e : r.replicas()) {
      if (e == null || e.id() == null || e.endpoint() == null || e.publicKey() == null) {
        throw new IllegalArgumentException("registry.replicas: every entry needs id, endpoint and publicKey");
      }
      String field = "registry.replicas[" + e.id() + "]";
      InetSocketAddress a = address(field + ".endpoint", e.endpoint());
      Ed25519PublicKey key;
      try {
        key = Ed25519PublicKey.of(HexFormat.of().parseHex(e.publicKey().trim()));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(field + ".publicKey is not a hex Ed25519 public key");
      }
      endpoints.add(new ReplicaEndpoint(e.id(), a.getHostString(), a.getPort(), key));
    }
    return new RegistryReplicas(endpoints, duration("registry.pollInterval", r.pollInterval(), Duration.ofMillis(200)),
        duration("registry.submitTimeout", r.submitTimeout(), Duration.ofSeconds(30)));
  }

  static InetSocketAddress address(String field, String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(field + " must be host:port, got \"" + hostPort + "\"");
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(hostPort.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " has no valid port: \"" + hostPort + "\"");
    }
  }

  static Duration duration(String field, String text, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(field + " must be a positive duration like 500ms, 2s, 10m or 1h, got \""
          + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
