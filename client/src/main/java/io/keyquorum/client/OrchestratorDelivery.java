package io.keyquorum.client;

import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.hpke.SealedBox;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.RequestDigest;
import io.keyquorum.protocol.delivery.DeliverySealing;
import io.keyquorum.protocol.delivery.DeliverySealing.Content;
import io.keyquorum.rpc.v1.KeyOperationResult;
import java.util.Optional;

/**
 * Opens what the orchestrator sealed to this request's ephemeral key in {@code delivery=orchestrator}
 * (docs/FORMATS.md, the delivery binding). The AAD names the request digest and the content, so a
 * result sealed for another request, or a data key passed off as key material, does not open.
 */
final class OrchestratorDelivery {
  private OrchestratorDelivery() {}

  static Optional<SecretBytes> open(HpkePrivateKey mine, KeyOperationResult result, Capability capability,
      RequestDigest digest) {
    if (result.getSealedResult().isEmpty()) {
      return Optional.empty();
    }
    Content content = switch (capability) {
      case RELEASE -> Content.KEY_MATERIAL;
      case GENERATE_DATA_KEY -> Content.DATA_KEY;
      default -> Content.PLAINTEXT;
    };
    return Optional.of(Hpke.open(mine, SealedBox.decode(result.getSealedResult().toByteArray()),
        DeliverySealing.INFO, DeliverySealing.aad(digest, content)));
  }
}
