package io.keyquorum.attestor;

import io.keyquorum.protocol.QuorumRule;
import java.time.Duration;

/**
 * Request-flow tunables.
 *
 * @param clockSkew how far a request's timestamp may be from this node's clock (default 30 s)
 * @param attestationTtl how long a signed attestation stays usable in a quorum certificate
 *     (default 60 s)
 * @param attestationSkew how far in this node's future another attestor's attestation may be issued
 *     and still count in a quorum certificate: the attestors' clocks disagree a little (default 5 s)
 */
public record AttestorSettings(Duration clockSkew, Duration attestationTtl, Duration attestationSkew) {
  public AttestorSettings {
    if (clockSkew == null || clockSkew.isNegative() || clockSkew.isZero()) {
      throw new IllegalArgumentException("clock skew must be positive");
    }
    if (attestationTtl == null || attestationTtl.isNegative() || attestationTtl.isZero()) {
      throw new IllegalArgumentException("attestation TTL must be positive");
    }
    if (attestationSkew == null || attestationSkew.isNegative() || attestationSkew.compareTo(attestationTtl) >= 0) {
      throw new IllegalArgumentException("attestation skew must be 0 or more and shorter than the attestation TTL");
    }
  }

  public static final Duration DEFAULT_ATTESTATION_SKEW = Duration.ofMillis(QuorumRule.DEFAULT_CLOCK_SKEW_MILLIS);

  /** With the default attestation skew. */
  public AttestorSettings(Duration clockSkew, Duration attestationTtl) {
    this(clockSkew, attestationTtl, DEFAULT_ATTESTATION_SKEW);
  }

  public static AttestorSettings defaults() {
    return new AttestorSettings(Duration.ofSeconds(30), Duration.ofSeconds(60));
  }
}
