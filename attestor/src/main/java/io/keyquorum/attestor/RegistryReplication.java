package io.keyquorum.attestor;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.node.NodeConfig;
import io.keyquorum.node.ReplicaEndpoint;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The {@code registry:} section of an attestor's config: the HotStuff replica set this attestor
 * votes in. Present means the registry runs over the BFT log (every multi-node deployment, DESIGN
 * §6); absent means a single-replica log (n = 1). The replica list is in replica-index order and
 * must be identical on every member; each member signs consensus messages with its attestor
 * identity key, so each {@code publicKey} is the {@code signingKey} genesis names for that id.
 */
public record RegistryReplication(List<ReplicaEndpoint> replicas, InetSocketAddress listen, long viewTimeoutMillis,
    Duration submitTimeout) {

  /** One member as written in the file. */
  record ReplicaEntry(@JsonProperty("id") String id, @JsonProperty("endpoint") String endpoint,
      @JsonProperty("publicKey") String publicKey) {}

  /** The section's shape in YAML. */
  record Section(@JsonProperty("replicas") List<ReplicaEntry> replicas, @JsonProperty("listen") String listen,
      @JsonProperty("viewTimeoutMillis") Long viewTimeoutMillis,
      @JsonProperty("submitTimeoutSeconds") Integer submitTimeoutSeconds) {}

  public RegistryReplication {
    replicas = List.copyOf(replicas);
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(submitTimeout, "submitTimeout");
    // n < 4 means f = 0 (no faulty replica tolerated); allowed for small benchmark and dev networks.
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("registry.replicas: a BFT registry needs at least 1 replica"
          + " (or omit the registry section for a single-node deployment)");
    }
  }

  static RegistryReplication of(Section s) {
    if (s.replicas() == null || s.listen() == null) {
      throw new IllegalArgumentException("registry section needs 'replicas' and 'listen'");
    }
    List<ReplicaEndpoint> endpoints = new ArrayList<>();
    for (ReplicaEntry e : s.replicas()) {
      if (e == null || e.id() == null || e.endpoint() == null || e.publicKey() == null) {
        throw new IllegalArgumentException("registry.replicas: every entry needs id, endpoint and publicKey");
      }
      String field = "registry.replicas[" + e.id() + "]";
      InetSocketAddress address = AttestorConfig.address(e.endpoint(), field + ".endpoint");
      Ed25519PublicKey key;
      try {
        key = Ed25519PublicKey.of(HexFormat.of().parseHex(e.publicKey().trim()));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(field + ".publicKey is not a hex Ed25519 public key: " + ex.getMessage());
      }
      endpoints.add(new ReplicaEndpoint(e.id(), address.getHostString(), address.getPort(), key));
    }
    long view = s.viewTimeoutMillis() == null ? 1000 : s.viewTimeoutMillis();
    int submit = s.submitTimeoutSeconds() == null ? 30 : s.submitTimeoutSeconds();
    if (view < 10 || submit < 1) {
      throw new IllegalArgumentException("registry: viewTimeoutMillis must be ≥ 10 and submitTimeoutSeconds ≥ 1");
    }
    return new RegistryReplication(endpoints, AttestorConfig.address(s.listen(), "registry.listen"), view,
        Duration.ofSeconds(submit));
  }

  /** The replica config for this attestor; its blocks live in {@code dataDir/blocks.db}. */
  NodeConfig nodeConfig(String nodeId, Path dataDir, Path tlsDir, Ed25519PublicKey genesisAuthority) {
    return NodeConfig.withSuppliedKey(nodeId, dataDir, listen.getHostString(), listen.getPort(), tlsDir,
        genesisAuthority, replicas, viewTimeoutMillis, submitTimeout);
  }
}
