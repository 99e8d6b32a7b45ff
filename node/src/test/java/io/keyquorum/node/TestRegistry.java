package io.keyquorum.node;

import io.keyquorum.crypto.Ed25519PrivateKey;
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
import io.keyquorum.registry.command.SetKeyState;
import io.keyquorum.registry.command.SignedCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registry identities and commands for cluster tests: {@value #ADMINS} admins (admin-1 is the
 * genesis authority) so that many authors can each submit an ordered stream of commands, an
 * orchestrator, and helpers for the commands the tests need. Keys derive from fixed seeds.
 */
final class TestRegistry {
  static final String NETWORK = "net-node-test";
  static final int ADMINS = 20;
  static final String ORCHESTRATOR = "orchestrator-1";
  static final String CREATOR = "app-creator";
  static final String POLICY = "policy: allow-all\nrules:\n  - effect: allow\n    when: true\n";

  private final Map<String, Ed25519PrivateKey> keys = new ConcurrentHashMap<>();
  private final Map<String, Long> sequences = new ConcurrentHashMap<>();
  private final Random random = new Random(7);
  /** Set by {@link #genesis()}; a placeholder before (commands before genesis fail anyway). */
  private volatile io.keyquorum.crypto.GenesisHash genesisHash = io.keyquorum.crypto.GenesisHash.ofPayload(new byte[1]);

  Ed25519PrivateKey key(String id) {
    return keys.computeIfAbsent(id, k -> {
      byte[] seed = new byte[32];
      byte[] name = k.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(name, 0, seed, 0, Math.min(name.length, 31));
      seed[31] = 0x11;
      return Ed25519PrivateKey.fromSeed(SecretBytes.copyOf(seed));
    });
  }

  static String admin(int i) {
    return "admin-" + i;
  }

  String founder() {
    return admin(1);
  }

  synchronized CommandHeader header(String author) {
    return new CommandHeader(NETWORK, genesisHash, author, sequences.merge(author, 1L, Long::sum));
  }

  SignedCommand genesis() {
    List<AttestorInfo> attestors = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      String id = "attestor-" + i;
      attestors.add(new AttestorInfo(id, key(id).publicKey(), Blob.copyOf(bytes(32)), Blob.copyOf(bytes(32)),
          "127.0.0.1:" + (7400 + i), Map.of()));
    }
    List<AdminInfo> admins = new ArrayList<>();
    for (int i = 1; i <= ADMINS; i++) {
      admins.add(new AdminInfo(admin(i), key(admin(i)).publicKey()));
    }
    OrchestratorInfo orch = new OrchestratorInfo(ORCHESTRATOR, key(ORCHESTRATOR).publicKey(), Blob.copyOf(bytes(32)));
    CommandHeader founding = new CommandHeader(NETWORK, io.keyquorum.crypto.GenesisHash.NONE, founder(),
        sequences.merge(founder(), 1L, Long::sum));
    SignedCommand genesis = SignedCommand.sign(new Genesis(founding, 1, attestors, admins, orch), key(founder()));
    genesisHash = genesis.genesisHash();
    return genesis;
  }

  SignedCommand registerClient(String author, String clientId, List<String> roles) {
    ClientRecord record = new ClientRecord(clientId, key(clientId).publicKey(), roles, Map.of("team", "t"), true);
    return SignedCommand.sign(new RegisterClient(header(author), record), key(author));
  }

  /** A key creation by the orchestrator, authorised by {@link #CREATOR}; leaves the key PENDING_ACKS. */
  SignedCommand createKey(String keyId, String alias) {
    List<String> attestors = List.of("attestor-1", "attestor-2", "attestor-3", "attestor-4");
    int t = 3;
    List<Blob> commitments = new ArrayList<>();
    for (int j = 0; j < t; j++) {
      byte[] point = bytes(33);
      point[0] = (byte) (2 + (j & 1));
      commitments.add(Blob.copyOf(point));
    }
    List<Blob> shares = new ArrayList<>();
    attestors.forEach(a -> shares.add(Blob.copyOf(bytes(80))));
    KeyDeal deal = new KeyDeal(attestors, t, commitments, Blob.copyOf(bytes(60)), shares);
    byte[] policyDigest = Blob.copyOf(POLICY.getBytes(StandardCharsets.UTF_8)).sha256();
    DealRequest request = new DealRequest(genesisHash, CREATOR, DealRequest.Kind.CREATE, alias, 0, attestors, t, policyDigest,
        1_800_000_000_000L);
    ClientAuthorization auth = new ClientAuthorization(CREATOR, request.sign(key(CREATOR)));
    return SignedCommand.sign(new CreateKey(header(ORCHESTRATOR), keyId, alias, deal, POLICY, auth), key(ORCHESTRATOR));
  }

  SignedCommand setKeyState(String author, String keyId, KeyState target) {
    return SignedCommand.sign(new SetKeyState(header(author), keyId, target, 0, 1_800_000_000_000L), key(author));
  }

  private synchronized byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
