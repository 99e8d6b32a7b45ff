package io.keyquorum.protocol;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Map;

/** Deterministic keys and requests for protocol tests. */
final class Fixtures {
  static final long NOW = 1_800_000_000_000L;
  static final GenesisHash NETWORK = GenesisHash.ofPayload("network A".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  static final GenesisHash OTHER_NETWORK = GenesisHash.ofPayload("network B".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  static final KeyVersionFacts FACTS = new KeyVersionFacts(0, 2, 3, KeyVersionFacts.digestOf(java.util.List.of(new byte[33])));

  private Fixtures() {}

  static SecureRandom random(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyRequest request(String client, Map<String, String> context) {
    byte[] nonce = new byte[16];
    random(7).nextBytes(nonce);
    return new KeyRequest(NETWORK, client, "key-1", 0, EnumSet.of(Capability.GENERATE_DATA_KEY), context,
        HpkePrivateKey.generate(random(3)).publicKey(), nonce, NOW, DeliveryMode.ORCHESTRATOR);
  }

  static Ed25519PrivateKey signer(long seed) {
    return Ed25519PrivateKey.generate(random(seed));
  }

  static Attestation allow(String attestor, RequestDigest digest) {
    return allow(NETWORK, attestor, digest);
  }

  static Attestation allow(GenesisHash network, String attestor, RequestDigest digest) {
    return new Attestation(network, attestor, "key-1", 1, 10, FACTS, digest, true, "key-policy#0", "matched", NOW - 1000, NOW + 30_000);
  }
}
