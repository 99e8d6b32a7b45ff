package io.keyquorum.attestor;

import io.grpc.ManagedChannel;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.group.GroupElement;
import io.keyquorum.crypto.group.Scalar;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.shamir.FeldmanCommitments;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.crypto.shamir.Shamir;
import io.keyquorum.crypto.shamir.Sharing;
import io.keyquorum.crypto.shamir.Threshold;
import io.keyquorum.crypto.wrap.KeyWrap;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DealSealing;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.registry.command.AdminInfo;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.ClientAuthorization;
import io.keyquorum.registry.command.ClientRecord;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.CreateKey;
import io.keyquorum.registry.command.DealRequest;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.KeyDeal;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.OrchestratorInfo;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.RotateKey;
import io.keyquorum.registry.command.SetKeyState;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.command.UpdateClient;
import io.keyquorum.registry.command.UpdatePolicy;
import io.keyquorum.registry.log.ReplicatedLog;
import io.keyquorum.rpc.pki.CertificateFingerprint;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.v1.AttestorGrpc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A test network: a CA, attestor identities with data dirs, TLS files and YAML configs, an
 * admin (the genesis authority), an orchestrator identity that deals keys, and a client.
 */
final class TestNet {
  static final String NETWORK = "net-attestor-test";
  static final String ADMIN = "admin-1";
  static final String ORCHESTRATOR = "orchestrator-1";
  static final String CLIENT = "app-1";
  static final String ALLOW_ALL = "policy: allow-all\nrules:\n  - effect: allow\n";

  final Path root;
  final SecureRandom random = new SecureRandom();
  final NetworkCa ca = NetworkCa.generate("kq-test", Instant.now(), random);
  final Ed25519PrivateKey admin = Ed25519PrivateKey.generate(random);
  final Ed25519PrivateKey orchestrator = Ed25519PrivateKey.generate(random);
  final Ed25519PrivateKey client = Ed25519PrivateKey.generate(random);
  final NodeCredentials orchestratorTls = ca.issue(NodeCertificateSpec.forNode(ORCHESTRATOR), Instant.now());
  final List<String> attestors;
  final Map<String, AttestorIdentity> identities = new LinkedHashMap<>();
  final Map<String, Path> configs = new LinkedHashMap<>();
  /** Each attestor's TLS credentials, as in its tlsDir; genesis pins exactly these certificates. */
  final Map<String, NodeCredentials> certificates = new LinkedHashMap<>();
  private final Map<String, Long> sequences = new HashMap<>();
  /** Set by {@link #genesis}; a placeholder before (commands before genesis fail anyway). */
  io.keyquorum.crypto.GenesisHash genesisHash = io.keyquorum.crypto.GenesisHash.ofPayload(new byte[1]);

  /** A dealt key as the test (playing the orchestrator) knows it. */
  record Deal(String keyId, SignedCommand command, byte[] material, FeldmanCommitments commitments, byte[] wrapped,
      Threshold threshold) {}

  /** A signed request and the recipient key its shares are sealed to. */
  record Req(SignedKeyRequest signed, KeyRequest request, HpkePrivateKey recipient) {
    byte[] bytes() {
      return signed.encode();
    }
  }

  TestNet(Path root, List<String> attestors) throws IOException {
    this.root = root;
    this.attestors = List.copyOf(attestors);
    for (String id : attestors) {
      Path dir = root.resolve(id);
      Path data = dir.resolve("data");
      Files.createDirectories(data);
      Files.writeString(dir.resolve("passphrase"), "correct horse " + id + "\n");
      NodeCredentials tls = ca.issue(NodeCertificateSpec.forNode(id), Instant.now());
      new NodeTlsDirectory(dir.resolve("tls")).write(ca.certificate(), tls);
      certificates.put(id, tls);
      AttestorIdentity identity = AttestorIdentity.generate(id, random);
      try (CustodyKey custody = CustodyKey.open(data, dir.resolve("passphrase"), 1024, 8, 1, random)) {
        identity.store(data, custody);
      }
      identities.put(id, identity);
      Path config = dir.resolve("attestor.yaml");
      Files.writeString(config, String.join("\n",
          "nodeId: " + id,
          "dataDir: data",
          "listen: 127.0.0.1:0",
          "tlsDir: tls",
          "passphraseFile: passphrase",
          "genesisAuthority: " + HexFormat.of().formatHex(admin.publicKey().raw()),
          "metricsListen: 127.0.0.1:0",
          "scryptN: 1024",
          "auditHeadIntervalSeconds: 3600",
          ""));
      configs.put(id, config);
    }
  }

  AttestorNode start(String id, MutableClock clock, Optional<ReplicatedLog> sharedLog) throws IOException {
    return AttestorNode.start(AttestorConfig.load(configs.get(id)), clock, random, sharedLog);
  }

  Path dataDir(String id) {
    return root.resolve(id).resolve("data");
  }

  CommandHeader header(String author) {
    return new CommandHeader(NETWORK, genesisHash, author, sequences.merge(author, 1L, Long::sum));
  }

  SignedCommand genesis(Map<String, Integer> ports) {
    List<AttestorInfo> infos = new ArrayList<>();
    for (String id : attestors) {
      AttestorIdentity identity = identities.get(id);
      infos.add(new AttestorInfo(id, identity.signingKey().publicKey(),
          Blob.copyOf(identity.hpkeKey().publicKey().raw()),
          Blob.copyOf(CertificateFingerprint.of(certificates.get(id).certificate()).toBytes()),
          "127.0.0.1:" + ports.getOrDefault(id, 7443), Map.of("zone", "z-" + id)));
    }
    int f = (attestors.size() - 1) / 3;
    OrchestratorInfo orch = new OrchestratorInfo(ORCHESTRATOR, orchestrator.publicKey(),
        Blob.copyOf(CertificateFingerprint.of(orchestratorTls.certificate()).toBytes()));
    CommandHeader founding = new CommandHeader(NETWORK, io.keyquorum.crypto.GenesisHash.NONE, ADMIN,
        sequences.merge(ADMIN, 1L, Long::sum));
    SignedCommand genesis = SignedCommand.sign(new Genesis(founding, f, infos,
        List.of(new AdminInfo(ADMIN, admin.publicKey())), orch), admin);
    genesisHash = genesis.genesisHash();
    return genesis;
  }

  SignedCommand registerClient(boolean enabled) {
    ClientRecord record = new ClientRecord(CLIENT, client.publicKey(), List.of("key-creator", "app"),
        Map.of("team", "payments"), enabled);
    return SignedCommand.sign(new RegisterClient(header(ADMIN), record), admin);
  }

  SignedCommand updatePolicy(String keyId, long expectedVersion, String document) {
    return SignedCommand.sign(new UpdatePolicy(header(ADMIN), keyId, expectedVersion, document), admin);
  }

  /** Registers another client, signing with {@code key}. */
  SignedCommand registerClient(String id, Ed25519PrivateKey key, boolean enabled) {
    ClientRecord record = new ClientRecord(id, key.publicKey(), List.of("app"), Map.of(), enabled);
    return SignedCommand.sign(new RegisterClient(header(ADMIN), record), admin);
  }

  /** A request signed by some other client. */
  Req requestAs(String clientId, Ed25519PrivateKey key, String keyRef) {
    HpkePrivateKey recipient = HpkePrivateKey.generate(random);
    byte[] nonce = new byte[24];
    random.nextBytes(nonce);
    KeyRequest request = new KeyRequest(genesisHash, clientId, keyRef, 0, Set.of(Capability.RELEASE), Map.of(),
        recipient.publicKey(), nonce, System.currentTimeMillis(), DeliveryMode.CLIENT);
    return new Req(SignedKeyRequest.sign(request, key), request, recipient);
  }

  /** Replaces a registered client's record: new roles, enabled or not (UpdateClient). */
  SignedCommand updateClient(String id, Ed25519PrivateKey key, List<String> roles, boolean enabled) {
    ClientRecord record = new ClientRecord(id, key.publicKey(), roles, Map.of(), enabled);
    return SignedCommand.sign(new UpdateClient(header(ADMIN), record), admin);
  }

  /** A request signed by {@code key} for {@code clientId}, with every field chosen. */
  Req requestAs(String clientId, Ed25519PrivateKey key, String keyRef, long version, Set<Capability> capabilities,
      DeliveryMode delivery) {
    HpkePrivateKey recipient = HpkePrivateKey.generate(random);
    byte[] nonce = new byte[24];
    random.nextBytes(nonce);
    KeyRequest request = new KeyRequest(genesisHash, clientId, keyRef, version, capabilities, Map.of(),
        recipient.publicKey(), nonce, System.currentTimeMillis(), delivery);
    return new Req(SignedKeyRequest.sign(request, key), request, recipient);
  }

  Req request(String keyRef, long version, Set<Capability> capabilities, DeliveryMode delivery) {
    return requestAs(CLIENT, client, keyRef, version, capabilities, delivery);
  }

  SignedCommand setState(String keyId, KeyState target) {
    return SignedCommand.sign(new SetKeyState(header(ADMIN), keyId, target, 0, System.currentTimeMillis()), admin);
  }

  /** Deals a fresh key the way the orchestrator will: split, wrap, seal per DealSealing, sign. */
  Deal createKey(String keyId, String alias, List<String> set, int t, String policy) {
    SecretBytes s = Scalar.randomNonZero(random).toSecretBytes();
    byte[] material = new byte[32];
    random.nextBytes(material);
    byte[] wrapped = KeyWrap.wrap(s, keyId, 1, SecretBytes.copyOf(material), random);
    Threshold threshold = new Threshold(t, set.size());
    Sharing sharing = Shamir.split(s, threshold, random);
    List<Blob> sealed = new ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      Share share = sharing.share(i + 1);
      sealed.add(Blob.copyOf(Hpke.seal(identities.get(set.get(i)).hpkeKey().publicKey(), DealSealing.INFO,
          DealSealing.aad(keyId, 1, set.get(i), i + 1), share.encode(SecretAccess.INSTANCE)).encode()));
    }
    List<Blob> commitments = new ArrayList<>();
    for (GroupElement c : sharing.commitments().asList()) {
      commitments.add(Blob.copyOf(c.encode()));
    }
    KeyDeal deal = new KeyDeal(set, t, commitments, Blob.copyOf(wrapped), sealed);
    byte[] policyDigest = Blob.copyOf(policy.getBytes(StandardCharsets.UTF_8)).sha256();
    DealRequest request = new DealRequest(genesisHash, CLIENT, DealRequest.Kind.CREATE, alias, 0, set, t, policyDigest,
        System.currentTimeMillis());
    CreateKey create = new CreateKey(header(ORCHESTRATOR), keyId, alias, deal, policy,
        new ClientAuthorization(CLIENT, request.sign(client)));
    return new Deal(keyId, SignedCommand.sign(create, orchestrator), material, sharing.commitments(), wrapped,
        threshold);
  }

  /** Deals version {@code version} of an existing key (a rotation), like {@link #createKey}. */
  Deal rotateKey(String keyId, long version, List<String> set, int t) {
    SecretBytes s = Scalar.randomNonZero(random).toSecretBytes();
    byte[] material = new byte[32];
    random.nextBytes(material);
    byte[] wrapped = KeyWrap.wrap(s, keyId, version, SecretBytes.copyOf(material), random);
    Threshold threshold = new Threshold(t, set.size());
    Sharing sharing = Shamir.split(s, threshold, random);
    List<Blob> sealed = new ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      sealed.add(Blob.copyOf(Hpke.seal(identities.get(set.get(i)).hpkeKey().publicKey(), DealSealing.INFO,
          DealSealing.aad(keyId, version, set.get(i), i + 1), sharing.share(i + 1).encode(SecretAccess.INSTANCE))
          .encode()));
    }
    List<Blob> commitments = new ArrayList<>();
    sharing.commitments().asList().forEach(c -> commitments.add(Blob.copyOf(c.encode())));
    KeyDeal deal = new KeyDeal(set, t, commitments, Blob.copyOf(wrapped), sealed);
    DealRequest request = new DealRequest(genesisHash, CLIENT, DealRequest.Kind.ROTATE, keyId, version - 1, set, t, new byte[32],
        System.currentTimeMillis());
    RotateKey rotate = new RotateKey(header(ORCHESTRATOR), keyId, version, deal,
        new ClientAuthorization(CLIENT, request.sign(client)));
    return new Deal(keyId, SignedCommand.sign(rotate, orchestrator), material, sharing.commitments(), wrapped,
        threshold);
  }

  /** A deal whose commitments belong to another polynomial, so every share fails its Feldman check. */
  SignedCommand createKeyWithWrongCommitments(String keyId, String alias, List<String> set, int t) {
    Deal good = createKey(keyId, alias, set, t, ALLOW_ALL);
    CreateKey original = (CreateKey) good.command().open(orchestrator.publicKey());
    Sharing other = Shamir.split(Scalar.randomNonZero(random).toSecretBytes(), new Threshold(t, set.size()), random);
    List<Blob> commitments = new ArrayList<>();
    other.commitments().asList().forEach(c -> commitments.add(Blob.copyOf(c.encode())));
    KeyDeal bad = new KeyDeal(set, t, commitments, original.deal().wrappedMaterial(), original.deal().sealedShares());
    return SignedCommand.sign(new CreateKey(header(ORCHESTRATOR), keyId, alias, bad, ALLOW_ALL,
        original.authorization()), orchestrator);
  }

  Req request(String keyRef, long version, Set<Capability> capabilities) {
    HpkePrivateKey recipient = HpkePrivateKey.generate(random);
    byte[] nonce = new byte[24];
    random.nextBytes(nonce);
    KeyRequest request = new KeyRequest(genesisHash, CLIENT, keyRef, version, capabilities, Map.of(), recipient.publicKey(), nonce,
        System.currentTimeMillis(), DeliveryMode.CLIENT);
    return new Req(SignedKeyRequest.sign(request, client), request, recipient);
  }

  Req request(String keyRef, Set<Capability> capabilities, Map<String, String> context, long issuedAtMillis) {
    return requestOn(genesisHash, keyRef, capabilities, context, issuedAtMillis);
  }

  /** A request signed by this network's client but bound to {@code network}'s genesis. */
  Req requestOn(io.keyquorum.crypto.GenesisHash network, String keyRef, Set<Capability> capabilities,
      Map<String, String> context, long issuedAtMillis) {
    HpkePrivateKey recipient = HpkePrivateKey.generate(random);
    byte[] nonce = new byte[24];
    random.nextBytes(nonce);
    KeyRequest request = new KeyRequest(network, CLIENT, keyRef, 0, capabilities, context, recipient.publicKey(), nonce,
        issuedAtMillis, DeliveryMode.CLIENT);
    return new Req(SignedKeyRequest.sign(request, client), request, recipient);
  }

  Req request(String keyRef) {
    return request(keyRef, Set.of(Capability.RELEASE), Map.of(), System.currentTimeMillis());
  }

  ManagedChannel channel(NodeCredentials as, String nodeId, int port) {
    return NodeChannels.mutual(as, ca.certificate(), nodeId, "127.0.0.1", port, ChannelOptions.defaults());
  }

  AttestorGrpc.AttestorBlockingStub stub(ManagedChannel channel) {
    return AttestorGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }
}
