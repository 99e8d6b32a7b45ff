package io.keyquorum.node;

import io.keyquorum.crypto.Ed25519PublicKey;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything a {@link RegistryNode} needs, read from a properties file:
 *
 * <pre>
 * node.id = replica-1                 # must be named by tls.dir/node.pem and be in replicas
 * data.dir = /var/lib/keyquorum        # blocks.db (SQLite) lives here
 * listen = 127.0.0.1:7001              # mutual-TLS PeerLink port
 * tls.dir = /etc/keyquorum/tls         # ca.pem, node.pem, node-key.pem
 * identity.seed.file = /etc/keyquorum/consensus.seed   # hex Ed25519 seed, mode 0600
 * genesis.authority = hex Ed25519 public key of the genesis admin
 * replicas = replica-1, replica-2, replica-3, replica-4   # order = replica index
 * replica.replica-1 = 127.0.0.1:7001 hex-ed25519-public-key
 * view.timeout.ms = 1000               # optional
 * submit.timeout.ms = 30000            # optional
 * </pre>
 *
 * <p>{@code identitySeedFile} is null only in a config built by {@link #withSuppliedKey}, for a
 * host that holds the consensus key itself (an attestor's sealed identity) and hands it to
 * {@link RegistryNode#RegistryNode(NodeConfig, io.keyquorum.crypto.Ed25519PrivateKey)}.
 */
public record NodeConfig(String nodeId, Path dataDir, String listenHost, int listenPort, Path tlsDir,
    Path identitySeedFile, Ed25519PublicKey genesisAuthority, List<ReplicaEndpoint> replicas, long viewTimeoutMillis,
    Duration submitTimeout) {

  public NodeConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(tlsDir, "tlsDir");
    Objects.requireNonNull(genesisAuthority, "genesisAuthority");
    replicas = List.copyOf(replicas);
    // Any n >= 1 is safe (ReplicaSet's quorum intersects in f+1 for every n); below 4, f = 0 and
    // the log tolerates no faulty replica, which small benchmark and dev networks accept knowingly.
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("a BFT registry needs at least 1 replica");
    }
    if (replicas.stream().map(ReplicaEndpoint::nodeId).distinct().count() != replicas.size()) {
      throw new IllegalArgumentException("replicas list a node id twice");
    }
    if (index(replicas, nodeId) < 0) {
      throw new IllegalArgumentException("node.id " + nodeId + " is not among the replicas");
    }
    if (viewTimeoutMillis < 10 || submitTimeout.isNegative() || submitTimeout.isZero()) {
      throw new IllegalArgumentException("view timeout must be ≥ 10 ms and submit timeout positive");
    }
  }

  /**
   * A config with no seed file: the caller supplies the consensus key to
   * {@link RegistryNode#RegistryNode(NodeConfig, io.keyquorum.crypto.Ed25519PrivateKey)}.
   */
  public static NodeConfig withSuppliedKey(String nodeId, Path dataDir, String listenHost, int listenPort, Path tlsDir,
      Ed25519PublicKey genesisAuthority, List<ReplicaEndpoint> replicas, long viewTimeoutMillis,
      Duration submitTimeout) {
    return new NodeConfig(nodeId, dataDir, listenHost, listenPort, tlsDir, null, genesisAuthority, replicas,
        viewTimeoutMillis, submitTimeout);
  }

  /** This node's replica index. */
  public int index() {
    return index(replicas, nodeId);
  }

  private static int index(List<ReplicaEndpoint> replicas, String nodeId) {
    for (int i = 0; i < replicas.size(); i++) {
      if (replicas.get(i).nodeId().equals(nodeId)) {
        return i;
      }
    }
    return -1;
  }

  /** Reads a config file; relative paths resolve against the file's directory. */
  public static NodeConfig read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Path base = file.toAbsolutePath().getParent();
    String[] listen = hostPort(required(p, "listen"), "listen");
    List<ReplicaEndpoint> replicas = new ArrayList<>();
    for (String id : required(p, "replicas").split(",")) {
      String nodeId = id.trim();
      String[] parts = required(p, "replica." + nodeId).trim().split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException("replica." + nodeId + " must be 'host:port hex-public-key'");
      }
      String[] hp = hostPort(parts[0], "replica." + nodeId);
      replicas.add(new ReplicaEndpoint(nodeId, hp[0], Integer.parseInt(hp[1]), publicKey(parts[1], "replica." + nodeId)));
    }
    return new NodeConfig(required(p, "node.id").trim(), base.resolve(required(p, "data.dir").trim()), listen[0],
        Integer.parseInt(listen[1]), base.resolve(required(p, "tls.dir").trim()),
        base.resolve(required(p, "identity.seed.file").trim()),
        publicKey(required(p, "genesis.authority"), "genesis.authority"), replicas,
        Long.parseLong(p.getProperty("view.timeout.ms", "1000").trim()),
        Duration.ofMillis(Long.parseLong(p.getProperty("submit.timeout.ms", "30000").trim())));
  }

  /** Writes this config in the format {@link #read} accepts (absolute paths). */
  public void write(Path file) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("node.id=").append(nodeId).append('\n');
    out.append("data.dir=").append(dataDir.toAbsolutePath()).append('\n');
    out.append("listen=").append(listenHost).append(':').append(listenPort).append('\n');
    out.append("tls.dir=").append(tlsDir.toAbsolutePath()).append('\n');
    if (identitySeedFile == null) {
      throw new IllegalStateException("a config with a supplied key has no file form");
    }
    out.append("identity.seed.file=").append(identitySeedFile.toAbsolutePath()).append('\n');
    out.append("genesis.authority=").append(HexFormat.of().formatHex(genesisAuthority.raw())).append('\n');
    out.append("replicas=").append(String.join(",", replicas.stream().map(ReplicaEndpoint::nodeId).toList())).append('\n');
    for (ReplicaEndpoint r : replicas) {
      out.append("replica.").append(r.nodeId()).append('=').append(r.host()).append(':').append(r.port()).append(' ')
          .append(HexFormat.of().formatHex(r.consensusKey().raw())).append('\n');
    }
    out.append("view.timeout.ms=").append(viewTimeoutMillis).append('\n');
    out.append("submit.timeout.ms=").append(submitTimeout.toMillis()).append('\n');
    Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
  }

  private static String required(Properties p, String name) {
    String v = p.getProperty(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("config is missing '" + name + "'");
    }
    return v;
  }

  private static String[] hostPort(String value, String field) {
    int colon = value.trim().lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(field + " must be host:port, got '" + value + "'");
    }
    return new String[] {value.trim().substring(0, colon), value.trim().substring(colon + 1)};
  }

  private static Ed25519PublicKey publicKey(String hex, String field) {
    try {
      return Ed25519PublicKey.of(HexFormat.of().parseHex(hex.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": not a hex Ed25519 public key: " + e.getMessage(), e);
    }
  }
}
