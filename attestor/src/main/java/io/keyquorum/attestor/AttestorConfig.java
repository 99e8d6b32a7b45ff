package io.keyquorum.attestor;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.protocol.RequestLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An attestor's configuration file (YAML), documented field by field in {@code docs/ATTESTOR.md}.
 * Relative paths are resolved against the file's directory. Unknown fields are errors, so a
 * misspelt setting never silently falls back to a default.
 */
public record AttestorConfig(
    String nodeId,
    Path dataDir,
    InetSocketAddress listen,
    Path tlsDir,
    Path passphraseFile,
    Ed25519PublicKey genesisAuthority,
    Optional<Path> localPolicy,
    Optional<InetSocketAddress> metricsListen,
    List<Peer> peers,
    AttestorSettings settings,
    int callThreads,
    Duration auditHeadInterval,
    int scryptN,
    Optional<RegistryReplication> registry,
    Optional<Pkcs11Settings> pkcs11) {

  /** Another attestor (informational; the replica set is {@link #registry()}). */
  public record Peer(@JsonProperty("id") String id, @JsonProperty("endpoint") String endpoint) {}

  /** The file's shape; every field is validated when converted to {@link AttestorConfig}. */
  record File(
      @JsonProperty("nodeId") String nodeId,
      @JsonProperty("dataDir") String dataDir,
      @JsonProperty("listen") String listen,
      @JsonProperty("tlsDir") String tlsDir,
      @JsonProperty("passphraseFile") String passphraseFile,
      @JsonProperty("genesisAuthority") String genesisAuthority,
      @JsonProperty("localPolicy") String localPolicy,
      @JsonProperty("metricsListen") String metricsListen,
      @JsonProperty("peers") List<Peer> peers,
      @JsonProperty("clockSkewSeconds") Integer clockSkewSeconds,
      @JsonProperty("attestationTtlSeconds") Integer attestationTtlSeconds,
      @JsonProperty("attestationSkewSeconds") Integer attestationSkewSeconds,
      @JsonProperty("callThreads") Integer callThreads,
      @JsonProperty("auditHeadIntervalSeconds") Integer auditHeadIntervalSeconds,
      @JsonProperty("scryptN") Integer scryptN,
      @JsonProperty("registry") RegistryReplication.Section registry,
      @JsonProperty("custody") CustodySection custody) {}

  /** The {@code custody} section; absent or {@code type: software} is the passphrase-derived key. */
  record CustodySection(
      @JsonProperty("type") String type,
      @JsonProperty("module") String module,
      @JsonProperty("token") String token,
      @JsonProperty("slot") Long slot,
      @JsonProperty("pinEnv") String pinEnv,
      @JsonProperty("pinFile") String pinFile) {}

  /** Software custody (no {@code custody} section). */
  public AttestorConfig(String nodeId, Path dataDir, InetSocketAddress listen, Path tlsDir, Path passphraseFile,
      Ed25519PublicKey genesisAuthority, Optional<Path> localPolicy, Optional<InetSocketAddress> metricsListen,
      List<Peer> peers, AttestorSettings settings, int callThreads, Duration auditHeadInterval, int scryptN,
      Optional<RegistryReplication> registry) {
    this(nodeId, dataDir, listen, tlsDir, passphraseFile, genesisAuthority, localPolicy, metricsListen, peers, settings,
        callThreads, auditHeadInterval, scryptN, registry, Optional.empty());
  }

  /** The custody this node is configured for. */
  public CustodyKind custodyKind() {
    return pkcs11.map(p -> CustodyKind.pkcs11(p.token())).orElse(CustodyKind.SOFTWARE);
  }

  public AttestorConfig {
    RequestLimits.checkId("nodeId", nodeId);
    peers = List.copyOf(peers);
    registry = Objects.requireNonNull(registry, "registry");
    pkcs11 = Objects.requireNonNull(pkcs11, "pkcs11");
    if (callThreads < 1 || callThreads > 256) {
      throw new IllegalArgumentException("callThreads must be 1..256, got " + callThreads);
    }
    if (scryptN < 1024 || Integer.bitCount(scryptN) != 1) {
      throw new IllegalArgumentException("scryptN must be a power of two >= 1024, got " + scryptN);
    }
  }

  /** Reads and validates a YAML config file. */
  public static AttestorConfig load(Path file) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    File f;
    try {
      f = yaml.readValue(file.toFile(), File.class);
    } catch (MismatchedInputException e) {
      throw new IllegalArgumentException(file + ": " + e.getOriginalMessage());
    }
    if (f == null) {
      throw new IllegalArgumentException(file + " is empty");
    }
    Path base = file.toAbsolutePath().getParent();
    return new AttestorConfig(
        required(file, "nodeId", f.nodeId()),
        base.resolve(required(file, "dataDir", f.dataDir())),
        address(required(file, "listen", f.listen()), "listen"),
        base.resolve(required(file, "tlsDir", f.tlsDir())),
        base.resolve(required(file, "passphraseFile", f.passphraseFile())),
        Ed25519PublicKey.of(hex(required(file, "genesisAuthority", f.genesisAuthority()), "genesisAuthority")),
        Optional.ofNullable(f.localPolicy()).map(base::resolve),
        Optional.ofNullable(f.metricsListen()).map(s -> address(s, "metricsListen")),
        f.peers() == null ? List.of() : f.peers(),
        new AttestorSettings(Duration.ofSeconds(orDefault(f.clockSkewSeconds(), 30)),
            Duration.ofSeconds(orDefault(f.attestationTtlSeconds(), 60)),
            f.attestationSkewSeconds() == null ? AttestorSettings.DEFAULT_ATTESTATION_SKEW
                : Duration.ofSeconds(f.attestationSkewSeconds())),
        orDefault(f.callThreads(), 8),
        Duration.ofSeconds(orDefault(f.auditHeadIntervalSeconds(), 60)),
        orDefault(f.scryptN(), CustodyKey.DEFAULT_N),
        Optional.ofNullable(f.registry()).map(RegistryReplication::of),
        custody(file, base, f.custody()));
  }

  private static Optional<Pkcs11Settings> custody(Path file, Path base, CustodySection c) {
    if (c == null || "software".equals(c.type())) {
      if (c != null && (c.module() != null || c.token() != null || c.pinEnv() != null || c.pinFile() != null)) {
        throw new IllegalArgumentException(file + ": custody type software takes no module, token or PIN");
      }
      return Optional.empty();
    }
    if (!"pkcs11".equals(c.type())) {
      throw new IllegalArgumentException(file + ": custody type must be software or pkcs11, got " + c.type());
    }
    return Optional.of(new Pkcs11Settings(base.resolve(required(file, "custody.module", c.module())),
        required(file, "custody.token", c.token()), Optional.ofNullable(c.slot()), Optional.ofNullable(c.pinEnv()),
        Optional.ofNullable(c.pinFile()).map(base::resolve)));
  }

  /** The node database (shares, nonces, releases, audit). */
  public Path databaseFile() {
    return dataDir.resolve("attestor.db");
  }

  /** The registry log (single-replica mode). */
  public Path registryLogFile() {
    return dataDir.resolve("registry.db");
  }

  private static String required(Path file, String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(file + ": required field '" + field + "' is missing");
    }
    return value;
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static byte[] hex(String s, String field) {
    try {
      return HexFormat.of().parseHex(s.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " must be hex: " + e.getMessage());
    }
  }

  static InetSocketAddress address(String hostPort, String field) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(field + " must be host:port, got " + hostPort);
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException("out of range");
      }
      return new InetSocketAddress(hostPort.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " has no valid port: " + hostPort);
    }
  }
}
