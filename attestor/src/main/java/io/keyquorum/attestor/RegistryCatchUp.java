package io.keyquorum.attestor;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Read-your-writes for callers of Attest. A replica one block behind would judge a fresh key
 * change on stale state, and the orchestrator would then refuse that attestation as predating the
 * change. So Attest first waits, briefly and boundedly, for this replica to reach the height the
 * caller names. The height is an unsigned hint: past the bound the request is judged on what this
 * replica has, and the caller's own height check still decides.
 */
final class RegistryCatchUp {
  private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

  private RegistryCatchUp() {}

  /** Returns whether {@code height} reached {@code minHeight} within {@code bound}. */
  static boolean await(LongSupplier height, long minHeight, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (height.getAsLong() < minHeight) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return true;
  }
}
