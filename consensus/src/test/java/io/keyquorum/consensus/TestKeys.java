package io.keyquorum.consensus;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.SecretBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic replica keys for tests: the same seed always gives the same replica set. */
final class TestKeys {
  final List<Ed25519PrivateKey> privateKeys;
  final ReplicaSet replicas;

  TestKeys(int n, long seed) {
    Random rnd = new Random(seed);
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    List<Ed25519PublicKey> pubs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] s = new byte[32];
      rnd.nextBytes(s);
      try (SecretBytes seedBytes = SecretBytes.adopt(s)) {
        Ed25519PrivateKey k = Ed25519PrivateKey.fromSeed(seedBytes);
        keys.add(k);
        pubs.add(k.publicKey());
      }
    }
    this.privateKeys = List.copyOf(keys);
    this.replicas = new ReplicaSet(pubs);
  }

  Ed25519PrivateKey key(int i) {
    return privateKeys.get(i);
  }
}
