package io.keyquorum.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SHA-256 over a signed request's exact payload, under its own domain prefix. Attestations and
 * quorum certificates name a request by this digest, so every attestor in a quorum provably
 * judged the same bytes.
 */
public final class RequestDigest {
  public static final int LENGTH = 32;
  private static final byte[] DOMAIN = "keyquorum/request-digest/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final byte[] bytes;

  private RequestDigest(byte[] bytes) {
    this.bytes = bytes;
  }

  public static RequestDigest of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("request digest must be " + LENGTH + " bytes");
    }
    return new RequestDigest(bytes.clone());
  }

  static RequestDigest ofPayload(byte[] signedPayload) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(DOMAIN);
      sha.update(signedPayload);
      return new RequestDigest(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestDigest other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex().substring(0, 16) + "…";
  }
}
