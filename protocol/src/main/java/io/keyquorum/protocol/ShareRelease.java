package io.keyquorum.protocol;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.crypto.hpke.SealedBox;

/**
 * An attestor's released share: share {@code shareIndex} of {@code keyId} v{@code keyVersion},
 * HPKE-sealed to the request's recipient under {@link ShareSealing}. The attestor signs it (tag
 * {@link #TAG}), so a share that fails its Feldman check is signed evidence against that attestor.
 */
public record ShareRelease(
    String attestorId, String keyId, long keyVersion, int shareIndex, RequestDigest requestDigest, SealedBox sealedShare) {
  public static final io.keyquorum.crypto.DomainTag TAG = new io.keyquorum.crypto.DomainTag("keyquorum/share-release/v1");

  public ShareRelease {
    RequestLimits.checkId("attestor id", attestorId);
    RequestLimits.checkId("key id", keyId);
    if (keyVersion < 1 || shareIndex < 1 || shareIndex > 255) {
      throw new IllegalArgumentException("share release needs a positive version and a share index in 1..255");
    }
    if (requestDigest == null || sealedShare == null) {
      throw new IllegalArgumentException("share release needs a request digest and a sealed share");
    }
  }

  public byte[] encode() {
    return new CanonicalWriter()
        .string(attestorId)
        .string(keyId)
        .u32(keyVersion)
        .u32(shareIndex)
        .fixed(requestDigest.bytes(), RequestDigest.LENGTH)
        .bytes(sealedShare.encode())
        .toByteArray();
  }

  public static ShareRelease decode(byte[] body) {
    CanonicalReader r = new CanonicalReader(body);
    try {
      ShareRelease release = new ShareRelease(
          r.string("attestorId", RequestLimits.MAX_ID_BYTES),
          r.string("keyId", RequestLimits.MAX_ID_BYTES),
          r.u32("keyVersion"),
          (int) r.u32("shareIndex"),
          RequestDigest.of(r.fixed("requestDigest", RequestDigest.LENGTH)),
          SealedBox.decode(r.bytes("sealedShare", 1024)));
      r.finish();
      return release;
    } catch (MalformedEncodingException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new MalformedEncodingException("share release: " + e.getMessage());
    }
  }
}
