package io.keyquorum.protocol.delivery;

import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.protocol.RequestDigest;
import java.nio.charset.StandardCharsets;

/**
 * The HPKE info and aad under which the orchestrator seals a result (key material, a data key, a
 * decrypted plaintext) to the client's recipient in {@code delivery=orchestrator}. The aad binds
 * the request digest and what the result is, so a sealed result opens only as the answer to the
 * request it was made for, and a sealed data key cannot be passed off as key material.
 */
public final class DeliverySealing {
  public static final byte[] INFO = "keyquorum/delivery/v1".getBytes(StandardCharsets.US_ASCII);

  /** What a sealed result holds. */
  public enum Content {
    KEY_MATERIAL("key-material"),
    DATA_KEY("data-key"),
    PLAINTEXT("plaintext");

    private final String label;

    Content(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private DeliverySealing() {}

  public static byte[] aad(RequestDigest digest, Content content) {
    return new CanonicalWriter().fixed(digest.bytes(), RequestDigest.LENGTH).string(content.label()).toByteArray();
  }
}
