package io.keyquorum.client;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.hpke.HpkePublicKey;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.KeyVersionFacts;
import io.keyquorum.protocol.ReadRequest;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.protocol.SignedReadRequest;
import io.keyquorum.protocol.blob.BlobCipher;
import io.keyquorum.protocol.blob.CiphertextBlob;
import io.keyquorum.protocol.blob.InvalidCiphertextException;
import io.keyquorum.protocol.delivery.DeliveryBinding;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.DealRequest;
import io.keyquorum.rpc.pki.PemFiles;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.v1.DealKeyRequest;
import io.keyquorum.rpc.v1.DescribeKeyRequest;
import io.keyquorum.rpc.v1.GetNetworkRequest;
import io.keyquorum.rpc.v1.KeyOperation;
import io.keyquorum.rpc.v1.KeyOperationResult;
import io.keyquorum.rpc.v1.KeyQuorumGrpc;
import io.keyquorum.rpc.v1.ListKeysRequest;
import io.keyquorum.rpc.v1.NetworkInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The keyquorum client: signs every request with the client's Ed25519 key and a fresh nonce,
 * uses a fresh X25519 recipient key per request, and returns results together with the signed
 * attestations that approved them.
 *
 * <p>{@link DeliveryMode#ORCHESTRATOR}: the request names the orchestrator's delivery key as
 * recipient, and a signed {@link DeliveryBinding} names this request's ephemeral key, to which the
 * orchestrator seals the result. {@link DeliveryMode#CLIENT}: shares are sealed to the ephemeral
 * key and rebuilt here (Feldman-verified); the orchestrator never sees the key, and GenerateDataKey,
 * Encrypt and Decrypt then run locally on the rebuilt material, which is zero-filled afterwards.
 *
 * <p>Trust: the client pins its network's genesis hash (from its profile). Every request it signs
 * names it, so no other network's attestors accept it. Attestor keys come only from the pinned
 * genesis and the membership epochs proven back to it, and a key version's commitments and t
 * only from what t verified attestations sign ({@link NetworkTrust}); the orchestrator is trusted
 * for none of them.
 */
public final class KeyQuorumClient implements AutoCloseable {
  /**
   * The delivery of data keys and Encrypt when none is named: the orchestrator rebuilds the key for
   * the moment of the request. Client delivery hands this client the key itself, so it needs the
   * release capability (DESIGN §10).
   */
  public static final DeliveryMode DEFAULT_DELIVERY = DeliveryMode.ORCHESTRATOR;

  private final ManagedChannel channel;
  private final KeyQuorumGrpc.KeyQuorumBlockingStub stub;
  private final String clientId;
  private final Ed25519PrivateKey identity;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration callTimeout;
  private final GenesisHash pinnedGenesis;
  private volatile NetworkInfo network;
  private volatile NetworkTrust trust;

  private KeyQuorumClient(ManagedChannel channel, GenesisHash pinnedGenesis, String clientId, Ed25519PrivateKey identity,
      Duration callTimeout, Clock clock, SecureRandom random) {
    if (pinnedGenesis == null || pinnedGenesis.isNone()) {
      throw new IllegalArgumentException("a client must pin its network's genesis hash");
    }
    this.channel = channel;
    this.pinnedGenesis = pinnedGenesis;
    this.stub = KeyQuorumGrpc.newBlockingStub(channel);
    this.clientId = clientId;
    this.identity = identity;
    this.callTimeout = callTimeout;
    this.clock = java.util.Objects.requireNonNull(clock, "clock");
    this.random = java.util.Objects.requireNonNull(random, "random");
  }

  /**
   * Connects over server-authenticated TLS to the orchestrator {@code orchestratorId} at {@code
   * host:port}: the server's certificate must come from {@code networkCa}, match {@code host}
   * (hostname verification) and name {@code orchestratorId}, so no other node of the network can
   * stand in for it. Keys and attestations are trusted only from the network whose genesis hashes
   * to {@code genesis}.
   */
  public static KeyQuorumClient connect(String host, int port, X509Certificate networkCa, String orchestratorId,
      GenesisHash genesis, String clientId, Ed25519PrivateKey identity) {
    // The client's composition root: the only place it names the system clock and entropy.
    return connect(host, port, networkCa, orchestratorId, genesis, clientId, identity, Clock.systemUTC(),
        new SecureRandom());
  }

  /** As above, on {@code clock} (signed request times) and {@code random} (nonces, ephemeral keys, salts). */
  public static KeyQuorumClient connect(String host, int port, X509Certificate networkCa, String orchestratorId,
      GenesisHash genesis, String clientId, Ed25519PrivateKey identity, Clock clock, SecureRandom random) {
    return new KeyQuorumClient(
        NodeChannels.serverAuthenticated(networkCa, orchestratorId, host, port, ChannelOptions.defaults()),
        genesis, clientId, identity, Duration.ofSeconds(60), clock, random);
  }

  public static KeyQuorumClient connect(ClientProfile profile) throws IOException {
    return connect(profile.host(), profile.port(), PemFiles.readCertificate(profile.caCert()),
        profile.orchestratorId(), profile.genesisHash(), profile.clientId(), profile.readIdentityKey());
  }

  public String clientId() {
    return clientId;
  }

  Clock clock() {
    return clock;
  }

  /** The randomness this client draws from; envelope encryption draws its nonce prefixes here too. */
  public SecureRandom random() {
    return random;
  }

  /** The genesis hash this client is pinned to; every request and command it signs names it. */
  public GenesisHash genesisHash() {
    return pinnedGenesis;
  }

  /**
   * The network as proven from the pinned genesis (fetched with {@link #network()}); refuses an
   * orchestrator whose genesis or membership epochs do not check out.
   */
  NetworkTrust trust() {
    NetworkTrust t = trust;
    if (t == null) {
      t = NetworkTrust.of(pinnedGenesis, network());
      trust = t;
    }
    return t;
  }

  /** The network as the orchestrator describes it (fetched once, refreshed when its delivery key rotates). */
  public NetworkInfo network() {
    NetworkInfo n = network;
    if (n == null) {
      n = call(s -> s.getNetwork(GetNetworkRequest.getDefaultInstance()));
      network = n;
    }
    return n;
  }

  /** The orchestrator's registry height and each attestor's health, as the orchestrator sees them. */
  public io.keyquorum.rpc.v1.NetworkStatus status() {
    io.keyquorum.rpc.v1.GetStatusRequest request = io.keyquorum.rpc.v1.GetStatusRequest.newBuilder()
        .setSignedRead(signedRead(ReadRequest.Operation.GET_STATUS, "")).build();
    return call(s -> s.getStatus(request));
  }

  // ---- key lifecycle ----

  public KeyInfo createKey(String alias, List<String> attestors, int threshold, String policyDocument,
      Optional<SecretBytes> importedMaterial) {
    byte[] digest = Blob.copyOf(policyDocument.getBytes(StandardCharsets.UTF_8)).sha256();
    DealRequest request = new DealRequest(pinnedGenesis, clientId, DealRequest.Kind.CREATE, alias, 0, attestors, threshold, digest,
        clock.millis());
    DealKeyRequest.Builder b = DealKeyRequest.newBuilder().setClientId(clientId)
        .setSignedDealRequest(ByteString.copyFrom(request.sign(identity).encode())).setPolicyDocument(policyDocument);
    importedMaterial.ifPresent(m -> b.setImportedMaterial(ByteString.copyFrom(m.toByteArray(SecretAccess.INSTANCE))));
    return KeyInfo.of(call(s -> s.createKey(b.build())));
  }

  public KeyInfo rotateKey(String keyId, Optional<SecretBytes> importedMaterial) {
    KeyInfo key = describeKey(keyId);
    KeyInfo.Version current = key.versions().stream().filter(v -> v.version() == key.currentVersion()).findFirst()
        .orElseThrow(() -> new KeyQuorumException(ErrorKind.UNAVAILABLE, keyId + " has no active version"));
    long latest = key.versions().get(key.versions().size() - 1).version();
    DealRequest request = new DealRequest(pinnedGenesis, clientId, DealRequest.Kind.ROTATE, key.keyId(), latest, current.attestors(),
        current.threshold(), new byte[32], clock.millis());
    DealKeyRequest.Builder b = DealKeyRequest.newBuilder().setClientId(clientId).setKeyId(key.keyId())
        .setSignedDealRequest(ByteString.copyFrom(request.sign(identity).encode()));
    importedMaterial.ifPresent(m -> b.setImportedMaterial(ByteString.copyFrom(m.toByteArray(SecretAccess.INSTANCE))));
    return KeyInfo.of(call(s -> s.rotateKey(b.build())));
  }

  public KeyInfo describeKey(String keyRef) {
    return KeyInfo.of(call(s -> s.describeKey(describe(keyRef))));
  }

  /** The key's current policy document (version 0 and empty when it has none). */
  public KeyPolicy keyPolicy(String keyRef) {
    var d = call(s -> s.describeKey(describe(keyRef)));
    return new KeyPolicy(d.getKeyId(), d.getPolicyVersion(), d.getPolicyDocument());
  }

  public List<KeyInfo> listKeys() {
    ListKeysRequest request = ListKeysRequest.newBuilder()
        .setSignedRead(signedRead(ReadRequest.Operation.LIST_KEYS, "")).build();
    return call(s -> s.listKeys(request)).getKeysList().stream().map(KeyInfo::of).toList();
  }

  private DescribeKeyRequest describe(String keyRef) {
    return DescribeKeyRequest.newBuilder().setKeyRef(keyRef)
        .setSignedRead(signedRead(ReadRequest.Operation.DESCRIBE_KEY, keyRef)).build();
  }

  /**
   * Registry reads are signed like key requests (fresh nonce and time, the pinned genesis hash), so the
   * orchestrator answers registered clients only. A fresh signature per call: each is usable once.
   */
  private ByteString signedRead(ReadRequest.Operation operation, String argument) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    ReadRequest read = new ReadRequest(clientId, operation, argument, pinnedGenesis, nonce, clock.millis());
    return ByteString.copyFrom(SignedReadRequest.sign(read, identity).encode());
  }

  /** Admin operations signed by a genesis admin's key and relayed by the orchestrator. */
  public AdminCommands admin(String adminId, Ed25519PrivateKey adminKey) {
    return new AdminCommands(this, adminId, adminKey);
  }

  // ---- attested operations ----

  public KeyResult releaseKey(String keyRef, Map<String, String> context, DeliveryMode mode) {
    return operate(Capability.RELEASE, keyRef, 0, context, mode, KeyOperation.newBuilder(), s -> s::releaseKey,
        (key, version, material) -> new Local(Optional.of(material), Optional.empty()));
  }

  /**
   * A data key with the default delivery, {@link #DEFAULT_DELIVERY}: the orchestrator rebuilds the
   * key, so only the data key reaches this client.
   */
  public KeyResult generateDataKey(String keyRef, Map<String, String> context) {
    return generateDataKey(keyRef, context, DEFAULT_DELIVERY);
  }

  /**
   * A data key. With {@link DeliveryMode#CLIENT} this client rebuilds the key itself, so the
   * attestors judge the request as a release too: the key policy must allow {@code release}.
   */
  public KeyResult generateDataKey(String keyRef, Map<String, String> context, DeliveryMode mode) {
    return operate(Capability.GENERATE_DATA_KEY, keyRef, 0, context, mode, KeyOperation.newBuilder(),
        s -> s::generateDataKey, (key, version, material) -> {
          try (material) {
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            SecretBytes dataKey = SecretBytes.adopt(raw);
            try {
              CiphertextBlob blob = BlobCipher.seal(material, key, version, DeliveryMode.CLIENT, context, dataKey,
                  random);
              return new Local(Optional.of(dataKey), Optional.of(blob.encode()));
            } catch (RuntimeException e) {
              dataKey.destroy();
              throw e;
            }
          }
        });
  }

  /**
   * Decrypts with the delivery mode the blob records (orchestrator for a v1 blob, which records
   * none). A blob made with client delivery is opened with client delivery, which the attestors
   * judge as a release of the blob's key version: only the current version, and only if the policy
   * allows release.
   */
  public KeyResult decrypt(byte[] ciphertextBlob, Map<String, String> context) {
    return decrypt(ciphertextBlob, context, decodeBlob(ciphertextBlob).recordedDelivery());
  }

  /** Decrypts with an explicit delivery mode, whatever the blob records. */
  public KeyResult decrypt(byte[] ciphertextBlob, Map<String, String> context, DeliveryMode mode) {
    CiphertextBlob blob = decodeBlob(ciphertextBlob);
    return operate(Capability.DECRYPT, blob.keyId(), blob.keyVersion(), context, mode,
        KeyOperation.newBuilder().setCiphertextBlob(ByteString.copyFrom(ciphertextBlob)), s -> s::decrypt,
        (key, version, material) -> {
          try (material) {
            return new Local(Optional.of(BlobCipher.open(material, blob, context)), Optional.empty());
          } catch (InvalidCiphertextException e) {
            throw new KeyQuorumException(ErrorKind.INVALID_CIPHERTEXT, e.getMessage(), List.of(), e);
          }
        });
  }

  /** Encrypt with the default delivery, {@link #DEFAULT_DELIVERY}. */
  public KeyResult encrypt(String keyRef, byte[] plaintext, Map<String, String> context) {
    return encrypt(keyRef, plaintext, context, DEFAULT_DELIVERY);
  }

  public KeyResult encrypt(String keyRef, byte[] plaintext, Map<String, String> context, DeliveryMode mode) {
    if (plaintext.length > CiphertextBlob.MAX_PLAINTEXT) {
      throw new KeyQuorumException(ErrorKind.BAD_REQUEST, "Encrypt takes at most " + CiphertextBlob.MAX_PLAINTEXT
          + " bytes; use generateDataKey or EnvelopeFiles for " + plaintext.length);
    }
    KeyOperation.Builder extra = KeyOperation.newBuilder();
    if (mode == DeliveryMode.ORCHESTRATOR) {
      extra.setPlaintext(ByteString.copyFrom(plaintext));
    }
    return operate(Capability.ENCRYPT, keyRef, 0, context, mode, extra, s -> s::encrypt, (key, version, material) -> {
      try (material; SecretBytes pt = SecretBytes.copyOf(plaintext)) {
        return new Local(Optional.empty(), Optional.of(
            BlobCipher.seal(material, key, version, DeliveryMode.CLIENT, context, pt, random).encode()));
      }
    });
  }

  private static CiphertextBlob decodeBlob(byte[] ciphertextBlob) {
    try {
      return CiphertextBlob.decode(ciphertextBlob);
    } catch (InvalidCiphertextException e) {
      throw new KeyQuorumException(ErrorKind.INVALID_CIPHERTEXT, e.getMessage(), List.of(), e);
    }
  }

  private record Local(Optional<SecretBytes> secret, Optional<byte[]> blob) {}

  @FunctionalInterface
  private interface LocalUse {
    Local apply(String keyId, long version, SecretBytes material);
  }

  private KeyResult operate(Capability capability, String keyRef, long version, Map<String, String> context,
      DeliveryMode mode, KeyOperation.Builder extra,
      Function<KeyQuorumGrpc.KeyQuorumBlockingStub, Function<KeyOperation, KeyOperationResult>> rpc, LocalUse local) {
    try (HpkePrivateKey mine = HpkePrivateKey.generate(random)) {
      HpkePublicKey recipient = mode == DeliveryMode.ORCHESTRATOR
          ? HpkePublicKey.of(network().getDeliveryKey().toByteArray()) : mine.publicKey();
      byte[] nonce = new byte[16];
      random.nextBytes(nonce);
      SignedKeyRequest request = SignedKeyRequest.sign(new KeyRequest(pinnedGenesis, clientId, keyRef, version, Set.of(capability),
          context, recipient, nonce, clock.millis(), mode), identity);
      extra.setSignedRequest(ByteString.copyFrom(request.encode()));
      if (mode == DeliveryMode.ORCHESTRATOR) {
        extra.setDeliveryBinding(ByteString.copyFrom(
            new DeliveryBinding(request.digest(), mine.publicKey()).sign(identity).encode()));
      }
      KeyOperationResult result = call(s -> rpc.apply(s).apply(extra.build()));
      List<SignedAttestation> attestations = new ArrayList<>();
      result.getAttestationsList().forEach(a -> attestations.add(SignedAttestation.decode(a.toByteArray())));
      KeyVersionFacts facts = trust().checkEvidence(attestations, request.digest(), result.getKeyId(),
          result.getKeyVersion());
      List<AttestorReport> excluded = new ArrayList<>();
      result.getExcludedList().forEach(s -> excluded.add(Errors.report(s)));
      if (mode == DeliveryMode.ORCHESTRATOR) {
        Optional<SecretBytes> secret = OrchestratorDelivery.open(mine, result, capability, request.digest());
        Optional<byte[]> blob = result.getCiphertextBlob().isEmpty() ? Optional.empty()
            : Optional.of(result.getCiphertextBlob().toByteArray());
        return new KeyResult(result.getKeyId(), result.getKeyVersion(), secret, blob, attestations, excluded);
      }
      ClientRebuild.Rebuilt rebuilt = ClientRebuild.rebuild(result.getClientDelivery(), result.getKeyId(),
          result.getKeyVersion(), request.digest(), mine, trust().attestorKeys(), facts);
      excluded.addAll(rebuilt.excluded());
      Local done = local.apply(result.getKeyId(), result.getKeyVersion(), rebuilt.material());
      return new KeyResult(result.getKeyId(), result.getKeyVersion(), done.secret(), done.blob(), attestations, excluded);
    }
  }

  <T> T call(Function<KeyQuorumGrpc.KeyQuorumBlockingStub, T> body) {
    try {
      return body.apply(stub.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (StatusRuntimeException e) {
      KeyQuorumException k = Errors.of(e);
      if (k.kind() == ErrorKind.BAD_REQUEST && k.getMessage().contains("delivery key")) {
        network = null; // the orchestrator rotated its delivery key; the next request fetches the new one
        trust = null;
      }
      throw k;
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
