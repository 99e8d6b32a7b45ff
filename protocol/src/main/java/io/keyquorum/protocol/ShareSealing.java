package io.keyquorum.protocol;

import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.nio.charset.StandardCharsets;

/**
 * The HPKE info and aad under which an attestor seals a released share to a request's recipient.
 * Binding the request digest, attestor, key, version and share index into the aad means a sealed
 * share opens only for the request it was released for, and cannot be passed off as another
 * attestor's or another version's share.
 */
public final class ShareSealing {
  public static final byte[] INFO = "keyquorum/share-release/v1".getBytes(StandardCharsets.US_ASCII);

  private ShareSealing() {}

  public static byte[] aad(RequestDigest digest, String attestorId, String keyId, long keyVersion, int shareIndex) {
    return new CanonicalWriter()
        .fixed(digest.bytes(), RequestDigest.LENGTH)
        .string(attestorId)
        .string(keyId)
        .u32(keyVersion)
        .u32(shareIndex)
        .toByteArray();
  }
}
