package io.keyquorum.cli.network;

import io.keyquorum.attestor.AttestorIdentity;
import io.keyquorum.attestor.CustodyKey;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.registry.command.AdminInfo;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.ClientRecord;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.OrchestratorInfo;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.rpc.pki.CertificateFingerprint;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import io.keyquorum.rpc.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Lays out a whole network in one directory, the way {@code kq network init} and {@code kq dev}
 * share it: {@code ca/} (network CA certificate and key), one directory per node named
 * {@code attestor-1..n} and {@code orchestrator} (TLS dir, config, sealed identity or key),
 * {@code admin.key} (the genesis admin, also registered as client {@value #ADMIN_ID}),
 * {@code genesis/} (the signed genesis and admin-client commands, submitted once by
 * {@link GenesisSubmission}) and {@code client.json}, which pins the genesis hash.
 *
 * <p>Each attestor's secrets stay sealed: its identity is stored under a custody key derived from a
 * random passphrase file (0600), exactly as {@code kq attestor init} does.
 */
public final class NetworkLayout {
  /** An attestor's consensus port is its gRPC port plus this offset (documented in OPERATIONS.md). */
  public static final int CONSENSUS_PORT_OFFSET = 1000;
  public static final String ADMIN_ID = "admin";
  public static final String ORCHESTRATOR_ID = "orchestrator";
  public static final String GENESIS_FILE = "genesis/genesis.cmd";
  public static final String REGISTER_ADMIN_FILE = "genesis/register-admin.cmd";

  private final SecureRandom random = new SecureRandom();
  private final Path dir;
  private final String network;
  private final List<HostPort> attestors;
  private final HostPort orchestrator;
  private final int scryptN;

  /**
   * @param scryptN custody KDF cost for the new data dirs; {@code kq dev} lowers it to start fast,
   *     {@code kq network init} keeps {@link CustodyKey#DEFAULT_N}
   */
  public NetworkLayout(Path dir, String network, List<HostPort> attestors, HostPort orchestrator, int scryptN) {
    if (attestors.isEmpty()) {
      throw new IllegalArgumentException("a network needs at least 1 attestor");
    }
    this.dir = dir;
    this.network = network;
    this.attestors = List.copyOf(attestors);
    this.orchestrator = orchestrator;
    this.scryptN = scryptN;
  }

  public static String attestorId(int index) {
    return "attestor-" + index;
  }

  /** Writes every file; refuses a directory that already holds a network. */
  public void write() throws IOException {
    if (Files.exists(dir.resolve("ca"))) {
      throw new IllegalArgumentException(dir + " already holds a network (ca/ exists); pick another --out");
    }
    Files.createDirectories(dir.resolve("ca"));
    Files.createDirectories(dir.resolve("genesis"));
    NetworkCa ca = NetworkCa.generate(network, Instant.now(), random);
    PemFiles.writeCertificates(dir.resolve("ca/ca.pem"), List.of(ca.certificate()));
    PemFiles.writePrivateKey(dir.resolve("ca/ca-key.pem"), ca.privateKey());
    restrict(dir.resolve("ca/ca-key.pem"));

    Ed25519PrivateKey admin = Ed25519PrivateKey.generate(random);
    writeSeed(dir.resolve("admin.key"), admin);
    String adminHex = HexFormat.of().formatHex(admin.publicKey().raw());

    List<AttestorInfo> infos = new ArrayList<>();
    List<String> replicaLines = new ArrayList<>();
    List<Path> configs = new ArrayList<>();
    for (int i = 1; i <= attestors.size(); i++) {
      String id = attestorId(i);
      HostPort at = attestors.get(i - 1);
      Path node = dir.resolve(id);
      Files.createDirectories(node.resolve("data"));
      NodeCredentials tls = ca.issue(NodeCertificateSpec.forNode(id, at.host()), Instant.now());
      new NodeTlsDirectory(node.resolve("tls")).write(ca.certificate(), tls);
      Path passphrase = node.resolve("passphrase");
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      Files.writeString(passphrase, HexFormat.of().formatHex(secret) + "\n");
      Arrays.fill(secret, (byte) 0);
      restrict(passphrase);
      try (CustodyKey custody = CustodyKey.open(node.resolve("data"), passphrase, scryptN, CustodyKey.DEFAULT_R,
          CustodyKey.DEFAULT_P, random);
          AttestorIdentity identity = AttestorIdentity.generate(id, random)) {
        identity.store(node.resolve("data"), custody);
        infos.add(new AttestorInfo(id, identity.signingKey().publicKey(),
            Blob.copyOf(identity.hpkeKey().publicKey().raw()),
            Blob.copyOf(CertificateFingerprint.of(tls.certificate()).toBytes()), at.toString(), Map.of()));
        replicaLines.add("    - {id: " + id + ", endpoint: \"" + at.consensus() + "\", publicKey: "
            + HexFormat.of().formatHex(identity.signingKey().publicKey().raw()) + "}");
      }
      configs.add(node.resolve("attestor.yaml"));
    }
    String replicas = "  replicas:\n" + String.join("\n", replicaLines) + "\n";
    for (int i = 1; i <= attestors.size(); i++) {
      HostPort at = attestors.get(i - 1);
      Files.writeString(configs.get(i - 1), String.join("\n",
          "nodeId: " + attestorId(i),
          "dataDir: data",
          "listen: \"" + listenAll(at) + "\"",
          "tlsDir: tls",
          "passphraseFile: passphrase",
          "genesisAuthority: " + adminHex,
          "scryptN: " + scryptN,
          "registry:",
          "  listen: \"" + listenAll(at.consensus()) + "\"",
          replicas));
    }

    Path orch = dir.resolve(ORCHESTRATOR_ID);
    Ed25519PrivateKey orchestratorKey = Ed25519PrivateKey.generate(random);
    NodeCredentials orchestratorTls = ca.issue(NodeCertificateSpec.forNode(ORCHESTRATOR_ID, orchestrator.host()),
        Instant.now());
    new NodeTlsDirectory(orch.resolve("tls")).write(ca.certificate(), orchestratorTls);
    writeSeed(orch.resolve("orchestrator.key"), orchestratorKey);
    Files.writeString(orch.resolve("orchestrator.yaml"), String.join("\n",
        "nodeId: " + ORCHESTRATOR_ID,
        "identityKey: orchestrator.key",
        "tlsDirectory: tls",
        "clientListen: \"" + listenAll(orchestrator) + "\"",
        "genesisAuthority: " + adminHex,
        "registry:",
        replicas));

    int f = (attestors.size() - 1) / 3;
    Genesis genesis = new Genesis(new CommandHeader(network, GenesisHash.NONE, ADMIN_ID, 1), f, infos,
        List.of(new AdminInfo(ADMIN_ID, admin.publicKey())),
        new OrchestratorInfo(ORCHESTRATOR_ID, orchestratorKey.publicKey(),
            Blob.copyOf(CertificateFingerprint.of(orchestratorTls.certificate()).toBytes())));
    SignedCommand signedGenesis = SignedCommand.sign(genesis, admin);
    GenesisHash genesisHash = signedGenesis.genesisHash();
    Files.write(dir.resolve(GENESIS_FILE), signedGenesis.encode());
    RegisterClient registerAdmin = new RegisterClient(new CommandHeader(network, genesisHash, ADMIN_ID, 2),
        new ClientRecord(ADMIN_ID, admin.publicKey(), List.of("admin", "key-creator"), Map.of(), true));
    Files.write(dir.resolve(REGISTER_ADMIN_FILE), SignedCommand.sign(registerAdmin, admin).encode());
    orchestratorKey.destroy();
    admin.destroy();

    // The profile pins the network: the client trusts attestor keys only from this genesis.
    Files.writeString(dir.resolve("client.json"), "{ \"endpoint\": \"" + orchestrator
        + "\", \"caCert\": \"ca/ca.pem\", \"genesisHash\": \"" + genesisHash.hex()
        + "\", \"clientId\": \"" + ADMIN_ID + "\", \"identityKey\": \"admin.key\","
        + " \"orchestratorId\": \"" + ORCHESTRATOR_ID + "\" }\n");
  }

  /** Loopback stays loopback; any other host listens on all interfaces at that port. */
  private static String listenAll(HostPort at) {
    return (at.host().equals("127.0.0.1") || at.host().equals("localhost") ? "127.0.0.1" : "0.0.0.0") + ":" + at.port();
  }

  private static void writeSeed(Path file, Ed25519PrivateKey key) throws IOException {
    byte[] seed = key.seed(SecretAccess.INSTANCE).toByteArray(SecretAccess.INSTANCE);
    try {
      Files.writeString(file, HexFormat.of().formatHex(seed) + "\n");
      restrict(file);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** Owner read/write only: passphrases and private keys. Ignored where POSIX permissions do not exist. */
  static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Non-POSIX file systems (Windows) rely on the directory's ACLs instead.
      return;
    }
  }
}
