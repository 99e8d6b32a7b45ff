package io.keyquorum.protocol;

import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.nio.charset.StandardCharsets;

/**
 * The HPKE info and aad under which the dealer (the orchestrator) seals each attestor's share in a
 * registry {@code CreateKey} or {@code RotateKey}. Binding key, version, attestor and index into
 * the aad means a sealed share cannot be replayed into another key, version or attestor's slot.
 */
public final class DealSealing {
  public static final byte[] INFO = "keyquorum/share-deal/v1".getBytes(StandardCharsets.US_ASCII);

  private DealSealing() {}

  public static byte[] aad(String keyId, long keyVersion, String attestorId, int shareIndex) {
    return new CanonicalWriter().string(keyId).u32(keyVersion).string(attestorId).u32(shareIndex).toByteArray();
  }
}
