package io.keyquorum.protocol;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The t allowing attestations an orchestrator collected for one request (DESIGN §4 step 5). An
 * attestor releases its share only against a certificate that {@link QuorumRule} accepts.
 */
public record QuorumCertificate(List<SignedAttestation> attestations) {
  public static final int MAX_MEMBERS = 255;

  public QuorumCertificate {
    if (attestations == null || attestations.isEmpty()) {
      throw new IllegalArgumentException("quorum certificate is empty");
    }
    if (attestations.size() > MAX_MEMBERS) {
      throw new IllegalArgumentException("quorum certificate has more than " + MAX_MEMBERS + " members");
    }
    attestations = List.copyOf(attestations);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter().u32(attestations.size());
    attestations.forEach(a -> w.bytes(a.encode()));
    return w.toByteArray();
  }

  public static QuorumCertificate decode(byte[] wire) {
    CanonicalReader r = new CanonicalReader(wire);
    int count = r.count("quorum certificate members", MAX_MEMBERS);
    List<SignedAttestation> members = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      members.add(SignedAttestation.decode(r.bytes("member " + i, SignedAttestation.MAX_BYTES + 256)));
    }
    r.finish();
    try {
      return new QuorumCertificate(members);
    } catch (IllegalArgumentException e) {
      throw new io.keyquorum.crypto.encoding.MalformedEncodingException(e.getMessage());
    }
  }
}
