package io.keyquorum.orchestrator.flow;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.hpke.HpkePublicKey;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The orchestrator's ephemeral X25519 delivery keys for {@code delivery=orchestrator}: attestors
 * seal released shares to the current one. Keys live only in memory and are never persisted;
 * {@link #rotate} retires the current key to "previous" (so requests signed just before a rotation
 * still complete) and destroys the one before it, so a key that opened shares does not outlive
 * two rotation periods (plus the requests in flight that hold a copy of it).
 *
 * <p>A request gets its own copy of the key ({@link #privateKeyFor}) and destroys it when done.
 * Handing out the shared instance raced with rotation: a request that looked up the "previous" key
 * just before a rotation had it zero-filled under it while still opening shares, and every share
 * then failed to open, so honest attestors were named as sending bad shares.
 */
public final class DeliveryKeys implements AutoCloseable {
  private final SecureRandom random;
  private HpkePrivateKey current;
  private HpkePrivateKey previous;

  public DeliveryKeys(SecureRandom random) {
    this.random = random;
    this.current = HpkePrivateKey.generate(random);
  }

  public synchronized HpkePublicKey current() {
    return current.publicKey();
  }

  /**
   * A copy of the private key for {@code recipient}, if it is one of ours and still live. The caller
   * owns the copy and must destroy it when its request is done.
   */
  public synchronized Optional<HpkePrivateKey> privateKeyFor(HpkePublicKey recipient) {
    if (current.publicKey().equals(recipient)) {
      return Optional.of(copy(current));
    }
    if (previous != null && previous.publicKey().equals(recipient)) {
      return Optional.of(copy(previous));
    }
    return Optional.empty();
  }

  private static HpkePrivateKey copy(HpkePrivateKey key) {
    try (SecretBytes raw = key.raw(SecretAccess.INSTANCE)) {
      return HpkePrivateKey.fromRaw(raw);
    }
  }

  public synchronized void rotate() {
    if (previous != null) {
      previous.destroy();
    }
    previous = current;
    current = HpkePrivateKey.generate(random);
  }

  @Override
  public synchronized void close() {
    current.destroy();
    if (previous != null) {
      previous.destroy();
    }
  }
}
