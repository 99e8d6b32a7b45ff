package io.keyquorum.orchestrator.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.hpke.HpkePublicKey;
import io.keyquorum.crypto.hpke.SealedBox;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The rotation race, replayed step by step: a request takes the delivery key, rotations happen
 * while its shares are still in flight, and then it opens them.
 */
class DeliveryKeysTest {
  private static final byte[] INFO = "test".getBytes(StandardCharsets.UTF_8);
  private final SecureRandom random = new SecureRandom();

  private static SealedBox sealTo(HpkePublicKey key) {
    return Hpke.seal(key, INFO, new byte[0], SecretBytes.copyOf(new byte[] {1, 2, 3}));
  }

  private static void assertOpens(HpkePrivateKey key, SealedBox box) {
    try (SecretBytes opened = Hpke.open(key, box, INFO, new byte[0])) {
      assertThat(opened.toByteArray(SecretAccess.INSTANCE)).containsExactly(1, 2, 3);
    }
  }

  @Test
  void requestHoldingThePreviousKey_stillOpensItsShares_afterTheNextRotation() {
    try (DeliveryKeys keys = new DeliveryKeys(random)) {
      HpkePublicKey named = keys.current();
      keys.rotate(); // the client's cached key is now "previous"
      HpkePrivateKey inUse = keys.privateKeyFor(named).orElseThrow();
      SealedBox share = sealTo(named);
      keys.rotate(); // while the request is between Attest and Release
      assertThat(keys.privateKeyFor(named)).as("no new request may use it").isEmpty();
      assertThat(inUse.isDestroyed()).isFalse();
      assertOpens(inUse, share);
      inUse.destroy();
    }
  }

  @Test
  void requestHoldingTheCurrentKey_survivesTwoRotations() {
    try (DeliveryKeys keys = new DeliveryKeys(random)) {
      HpkePublicKey named = keys.current();
      HpkePrivateKey inUse = keys.privateKeyFor(named).orElseThrow();
      SealedBox share = sealTo(named);
      keys.rotate();
      keys.rotate();
      assertOpens(inUse, share);
      inUse.destroy();
      // Destroying one request's copy leaves the live key (and other requests) untouched.
      HpkePrivateKey a = keys.privateKeyFor(keys.current()).orElseThrow();
      HpkePrivateKey b = keys.privateKeyFor(keys.current()).orElseThrow();
      a.destroy();
      assertOpens(b, sealTo(keys.current()));
      b.destroy();
    }
  }
}
