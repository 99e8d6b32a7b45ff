package io.keyquorum.registry;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.SecretBytes;
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
import io.keyquorum.registry.command.ShareReceipt;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.command.UpdateClient;
import io.keyquorum.registry.command.UpdatePolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic test network (n = 4, f = 1): keys derive from fixed seeds, deals from a seeded
 * Random, and every author's sequence counts up, so two instances produce identical bytes.
 */
public final class TestNetwork {
  public static final String NETWORK = "net-test";
  public static final String ORCHESTRATOR = "orchestrator-1";
  public static final List<String> ATTESTORS = List.of("attestor-1", "attestor-2", "attestor-3", "attestor-4");
  public static final String FOUNDER = "admin-1";
  public static final String ADMIN2 = "admin-2";
  public static final String CREATOR = "app-creator";
  public static final String POLICY = "policy: allow-all\nrules:\n  - effect: allow\n    when: true\n";
  public static final long T0 = 1_800_000_000_000L;

  private final Map<String, Ed25519PrivateKey> keys = new LinkedHashMap<>();
  private final Map<String, Long> sequences = new HashMap<>();
  private final Random random = new Random(42);
  /** Set by {@link #genesis()}; until then commands name a placeholder (they fail before genesis anyway). */
  private GenesisHash genesisHash = GenesisHash.ofPayload(new byte[] {'n', 'o', 'n', 'e'});

  public TestNetwork() {
    int seed = 1;
    for (String id : List.of(FOUNDER, ADMIN2, ORCHESTRATOR, CREATOR, "app-reader", "outsider")) {
      keys.put(id, keyFromSeed(seed++));
    }
    for (String id : ATTESTORS) {
      keys.put(id, keyFromSeed(seed++));
    }
  }

  public static Ed25519PrivateKey keyFromSeed(int seed) {
    byte[] raw = new byte[32];
    raw[0] = (byte) seed;
    raw[31] = (byte) 0x5A;
    return Ed25519PrivateKey.fromSeed(SecretBytes.copyOf(raw));
  }

  public Ed25519PrivateKey key(String id) {
    return keys.get(id);
  }

  public RegistryState empty() {
    return RegistryState.empty(key(FOUNDER).publicKey());
  }

  public CommandHeader header(String author) {
    return new CommandHeader(NETWORK, genesisHash, author, sequences.merge(author, 1L, Long::sum));
  }

  /** A header for a genesis command: it names no genesis hash. */
  public CommandHeader genesisHeader() {
    return new CommandHeader(NETWORK, GenesisHash.NONE, FOUNDER, sequences.merge(FOUNDER, 1L, Long::sum));
  }

  /** The genesis hash of the last {@link #genesis()} this network signed. */
  public GenesisHash genesisHash() {
    return genesisHash;
  }

  public SignedCommand genesis() {
    List<AttestorInfo> attestors = new ArrayList<>();
    for (int i = 0; i < ATTESTORS.size(); i++) {
      String id = ATTESTORS.get(i);
      attestors.add(new AttestorInfo(id, key(id).publicKey(), Blob.copyOf(bytes(32)), Blob.copyOf(bytes(32)),
          "attestor-" + (i + 1) + ".example:7443", Map.of("zone", "z" + (i % 2))));
    }
    List<AdminInfo> admins = List.of(new AdminInfo(FOUNDER, key(FOUNDER).publicKey()),
        new AdminInfo(ADMIN2, key(ADMIN2).publicKey()));
    OrchestratorInfo orch = new OrchestratorInfo(ORCHESTRATOR, key(ORCHESTRATOR).publicKey(), Blob.copyOf(bytes(32)));
    SignedCommand genesis = SignedCommand.sign(new Genesis(genesisHeader(), 1, attestors, admins, orch), key(FOUNDER));
    genesisHash = genesis.genesisHash();
    return genesis;
  }

  public ClientRecord client(String id, List<String> roles, boolean enabled) {
    return new ClientRecord(id, key(id).publicKey(), roles, Map.of("team", "payments"), enabled);
  }

  public SignedCommand registerClient(ClientRecord client) {
    return SignedCommand.sign(new RegisterClient(header(FOUNDER), client), key(FOUNDER));
  }

  public SignedCommand updateClient(ClientRecord client) {
    return SignedCommand.sign(new UpdateClient(header(ADMIN2), client), key(ADMIN2));
  }

  public KeyDeal deal(List<String> attestors, int t) {
    List<Blob> commitments = new ArrayList<>();
    for (int j = 0; j < t; j++) {
      byte[] point = bytes(33);
      point[0] = (byte) (2 + (j & 1));
      commitments.add(Blob.copyOf(point));
    }
    List<Blob> shares = new ArrayList<>();
    attestors.forEach(a -> shares.add(Blob.copyOf(bytes(80))));
    return new KeyDeal(attestors, t, commitments, Blob.copyOf(bytes(60)), shares);
  }

  public ClientAuthorization authorization(String clientId, DealRequest.Kind kind, String ref, long base,
      KeyDeal deal, byte[] policyDigest) {
    DealRequest request = new DealRequest(genesisHash, clientId, kind, ref, base, deal.attestors(), deal.threshold(), policyDigest, T0);
    return new ClientAuthorization(clientId, request.sign(key(clientId)));
  }

  public CreateKey createKeyCommand(String keyId, String alias, KeyDeal deal, String clientId) {
    byte[] digest = Blob.copyOf(POLICY.getBytes(StandardCharsets.UTF_8)).sha256();
    return new CreateKey(header(ORCHESTRATOR), keyId, alias, deal, POLICY,
        authorization(clientId, DealRequest.Kind.CREATE, alias, 0, deal, digest));
  }

  public SignedCommand createKey(String keyId, String alias) {
    return SignedCommand.sign(createKeyCommand(keyId, alias, deal(ATTESTORS, 3), CREATOR), key(ORCHESTRATOR));
  }

  public SignedCommand rotate(String keyId, long version, List<String> attestors, int t) {
    KeyDeal deal = deal(attestors, t);
    ClientAuthorization auth = authorization(CREATOR, DealRequest.Kind.ROTATE, keyId, version - 1, deal, new byte[32]);
    return SignedCommand.sign(new RotateKey(header(ORCHESTRATOR), keyId, version, deal, auth), key(ORCHESTRATOR));
  }

  public SignedCommand ack(String attestor, String keyId, long version) {
    return SignedCommand.sign(ShareReceipt.ack(header(attestor), keyId, version), key(attestor));
  }

  public SignedCommand complaint(String attestor, String keyId, long version) {
    return SignedCommand.sign(ShareReceipt.complaint(header(attestor), keyId, version,
        "share fails Feldman check against C"), key(attestor));
  }

  public SignedCommand setState(String keyId, KeyState target, long deletionDate, long issuedAt) {
    return SignedCommand.sign(new SetKeyState(header(ADMIN2), keyId, target, deletionDate, issuedAt), key(ADMIN2));
  }

  public SignedCommand updatePolicy(String keyId, long expectedVersion, String document) {
    return SignedCommand.sign(new UpdatePolicy(header(FOUNDER), keyId, expectedVersion, document), key(FOUNDER));
  }

  /** Genesis, the key-creator client and a read-only client: the usual starting point. */
  public List<SignedCommand> bootstrap() {
    return List.of(genesis(), registerClient(client(CREATOR, List.of("key-creator"), true)),
        registerClient(client("app-reader", List.of("reader"), true)));
  }

  /** Creates {@code keyId} and has all four attestors ack version 1, so it is ENABLED. */
  public List<SignedCommand> enabledKey(String keyId, String alias) {
    List<SignedCommand> out = new ArrayList<>();
    out.add(createKey(keyId, alias));
    ATTESTORS.forEach(a -> out.add(ack(a, keyId, 1)));
    return out;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
