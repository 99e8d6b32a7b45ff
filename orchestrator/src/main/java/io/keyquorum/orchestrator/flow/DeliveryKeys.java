package io.keyquorum.orchestrator.flow;

import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.hpke.HpkePublicKey;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The orchestrator's ephemeral X25519 delivery keys for {@code delivery=orchestrator}: attestors
 * seal released shares to the current one. Keys live only in memory and are never persisted;
 * {@link #rotate} retires the current key to "previous" (so requests signed just before a rotation
 * still complete) and destroys the one before it, so a key that opened shares does not outlive
 * two rotation periods.
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

  /** The private key for {@code recipient}, if it is one of ours and still live. */
  public synchronized Optional<HpkePrivateKey> privateKeyFor(HpkePublicKey recipient) {
    if (current.publicKey().equals(recipient)) {
      return Optional.of(current);
    }
    if (previous != null && previous.publicKey().equals(recipient)) {
      return Optional.of(previous);
    }
    return Optional.empty();
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
