package io.keyquorum.consensus;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;

/** Canonical encoding of {@link SafetyState} for durable stores. */
final class SafetyStates {
  private SafetyStates() {}

  static byte[] encode(SafetyState s) {
    return new CanonicalWriter().u64(s.lastVotedView()).bytes(s.lockedQc().encode()).bytes(s.highQc().encode()).toByteArray();
  }

  static SafetyState decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    SafetyState s = new SafetyState(r.u64("last voted view"),
        QuorumCertificate.decode(r.bytes("locked QC", QuorumCertificate.MAX_ENCODED)),
        QuorumCertificate.decode(r.bytes("high QC", QuorumCertificate.MAX_ENCODED)));
    r.finish();
    return s;
  }
}
