package io.keyquorum.cli.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.session.Output;
import io.keyquorum.protocol.SignedAttestation;
import java.util.List;

/**
 * The approving quorum as printed: {@code {attestor, payload, signature}} in base64, where
 * {@code payload} is exactly the bytes the attestor signed, so anyone holding the attestor's
 * public key can verify it without trusting kq.
 */
final class Evidence {
  private Evidence() {}

  static void put(ObjectNode node, List<SignedAttestation> attestations) {
    ArrayNode array = node.putArray("attestations");
    for (SignedAttestation a : attestations) {
      ObjectNode entry = array.addObject();
      entry.put("attestor", a.claimedAttestorId());
      entry.put("payload", Output.base64(a.payload()));
      entry.put("signature", Output.base64(a.signature()));
    }
  }

  static String names(List<SignedAttestation> attestations) {
    return String.join(", ", attestations.stream().map(SignedAttestation::claimedAttestorId).toList());
  }
}
