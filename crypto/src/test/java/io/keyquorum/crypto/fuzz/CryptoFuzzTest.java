package io.keyquorum.crypto.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.DomainTag;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded fuzzing of the signed envelope decoder and opener (docs/FUZZING.md). */
class CryptoFuzzTest {
  private static final DomainTag TAG = new DomainTag("keyquorum/fuzz/v1");
  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
  private final Ed25519PublicKey publicKey = key.publicKey();

  private List<byte[]> envelopeSeeds() {
    byte[] structured = new CanonicalWriter().string("key-a").u32(7).bytes(new byte[40]).toByteArray();
    return List.of(
        SignedEnvelope.sign(TAG, structured, key).encode(),
        SignedEnvelope.sign(TAG, new byte[0], key).encode(),
        SignedEnvelope.sign(TAG, new byte[300], key).encode());
  }

  @Test
  void mutatedSignedEnvelopes_failOnlyWithMalformedEncodingOrInvalidSignature() {
    int rejected = Fuzz.run("SignedEnvelope.decode/open", envelopeSeeds(),
        Set.of(MalformedEncodingException.class, InvalidSignatureException.class),
        wire -> SignedEnvelope.decode(wire).open(TAG, publicKey));
    // A fuzzer that never reaches a rejection is not exercising anything.
    assertThat(rejected).isPositive();
  }

  @Test
  void mutator_isDeterministicForASeed_andChangesItsInput() {
    byte[] seed = envelopeSeeds().get(0);
    byte[] a = new Mutator(new SplittableRandom(42)).mutate(seed, List.of(seed));
    byte[] b = new Mutator(new SplittableRandom(42)).mutate(seed, List.of(seed));
    assertThat(a).isEqualTo(b);
    int changed = 0;
    for (int i = 0; i < 100; i++) {
      if (!java.util.Arrays.equals(seed, new Mutator(new SplittableRandom(i)).mutate(seed, List.of(seed)))) {
        changed++;
      }
    }
    assertThat(changed).isGreaterThan(90);
  }
}
