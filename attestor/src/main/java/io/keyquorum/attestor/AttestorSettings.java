package io.keyquorum.attestor;

import java.time.Duration;

/**
 * Request-flow tunables.
 *
 * @param clockSkew how far a request's timestamp may be from this node's clock (default 30 s)
 * @param attestationTtl how long a signed attestation stays usable in a quorum certificate
 *     (default 60 s)
 */
public record AttestorSettings(Duration clockSkew, Duration attestationTtl) {
  public AttestorSettings {
    if (clockSkew == null || clockSkew.isNegative() || clockSkew.isZero()) {
      throw new IllegalArgumentException("clock skew must be positive");
    }
    if (attestationTtl == null || attestationTtl.isNegative() || attestationTtl.isZero()) {
      throw new IllegalArgumentException("attestation TTL must be positive");
    }
  }

  public static AttestorSettings defaults() {
    return new AttestorSettings(Duration.ofSeconds(30), Duration.ofSeconds(60));
  }
}
