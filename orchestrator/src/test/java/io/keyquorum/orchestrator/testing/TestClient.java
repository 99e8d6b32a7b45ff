package io.keyquorum.orchestrator.testing;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.hpke.HpkePublicKey;
import io.keyquorum.orchestrator.Orchestrator;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.protocol.delivery.DeliveryBinding;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.DealRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A registered client that signs requests by hand, for driving the orchestrator core in tests. */
public final class TestClient {
  public static final String ALLOW_ALL = "policy: allow-all\nrules:\n  - effect: allow\n    when: true\n";

  private final String id;
  private final Ed25519PrivateKey key;
  private final SecureRandom random = new SecureRandom();

  private final io.keyquorum.crypto.GenesisHash network;

  public TestClient(String id, Ed25519PrivateKey key, io.keyquorum.crypto.GenesisHash network) {
    this.id = id;
    this.key = key;
    this.network = network;
  }

  public String id() {
    return id;
  }

  public Ed25519PrivateKey key() {
    return key;
  }

  public SignedKeyRequest request(String keyRef, long version, Capability capability, Map<String, String> context,
      HpkePublicKey recipient, DeliveryMode mode) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return SignedKeyRequest.sign(new KeyRequest(network, id, keyRef, version, Set.of(capability), context, recipient, nonce,
        System.currentTimeMillis(), mode), key);
  }

  public SignedEnvelope binding(SignedKeyRequest request, HpkePublicKey clientRecipient) {
    return new DeliveryBinding(request.digest(), clientRecipient).sign(key);
  }

  public KeyRecord createKey(Orchestrator orchestrator, String alias, List<String> attestors, int t,
      Optional<SecretBytes> imported) {
    byte[] digest = Blob.copyOf(ALLOW_ALL.getBytes(StandardCharsets.UTF_8)).sha256();
    DealRequest request = new DealRequest(network, id, DealRequest.Kind.CREATE, alias, 0, attestors, t, digest,
        System.currentTimeMillis());
    return orchestrator.dealer().createKey(id, request.sign(key), ALLOW_ALL, imported);
  }

  public KeyRecord rotateKey(Orchestrator orchestrator, KeyRecord existing, Optional<SecretBytes> imported) {
    DealRequest request = new DealRequest(network, id, DealRequest.Kind.ROTATE, existing.keyId(), existing.latestVersion(),
        existing.currentVersion().orElseThrow().deal().attestors(),
        existing.currentVersion().orElseThrow().deal().threshold(), new byte[32], System.currentTimeMillis());
    return orchestrator.dealer().rotateKey(id, request.sign(key), imported);
  }
}
