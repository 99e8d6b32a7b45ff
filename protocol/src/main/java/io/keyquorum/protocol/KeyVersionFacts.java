package io.keyquorum.protocol;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What an attestor's own registry replica says about the key version it judged, signed into its
 * attestation: the membership epoch it judged under, the threshold t, the number of shares n
 * and the digest of the Feldman commitments. A client in {@code delivery=client} takes a
 * version's commitments and t only when t verified attestations sign the same facts, never on
 * the orchestrator's word (DESIGN §10 "trust roots").
 *
 * <p>{@link #UNKNOWN} (t = 0) is for denials of a version the attestor does not have; an
 * allowing attestation always carries real facts.
 */
public record KeyVersionFacts(long membershipEpoch, int threshold, int shareCount, byte[] commitmentsDigest) {
  public static final int DIGEST_LENGTH = 32;
  private static final byte[] DOMAIN = "keyquorum/feldman-commitments/v1".getBytes(StandardCharsets.US_ASCII);
  public static final KeyVersionFacts UNKNOWN = new KeyVersionFacts(0, 0, 0, new byte[DIGEST_LENGTH]);

  public KeyVersionFacts {
    if (membershipEpoch < 0) {
      throw new IllegalArgumentException("membership epoch must not be negative");
    }
    if (threshold < 0 || shareCount < threshold || shareCount > 255 || (threshold == 0) != (shareCount == 0)) {
      throw new IllegalArgumentException("version facts need 1 <= t <= n <= 255 (or both 0), got t = " + threshold
          + ", n = " + shareCount);
    }
    if (commitmentsDigest == null || commitmentsDigest.length != DIGEST_LENGTH) {
      throw new IllegalArgumentException("commitments digest must be " + DIGEST_LENGTH + " bytes");
    }
    commitmentsDigest = commitmentsDigest.clone();
  }

  /**
   * SHA-256 over the compressed SEC1 commitments C_0..C_{t-1}, in order, under its own domain
   * prefix. Attestors compute it from the registry's deal, clients from what they are sent.
   */
  public static byte[] digestOf(List<byte[]> compressedPoints) {
    CanonicalWriter w = new CanonicalWriter().u32(compressedPoints.size());
    compressedPoints.forEach(w::bytes);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(DOMAIN);
      return sha.digest(w.toByteArray());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  public boolean isKnown() {
    return threshold > 0;
  }

  @Override
  public byte[] commitmentsDigest() {
    return commitmentsDigest.clone();
  }

  /** Constant-time comparison with a digest computed locally. */
  public boolean commitmentsMatch(byte[] digest) {
    return MessageDigest.isEqual(commitmentsDigest, digest);
  }

  void writeTo(CanonicalWriter w) {
    w.u64(membershipEpoch).u32(threshold).u32(shareCount).fixed(commitmentsDigest, DIGEST_LENGTH);
  }

  static KeyVersionFacts readFrom(CanonicalReader r) {
    long epoch = r.u64("membershipEpoch");
    long t = r.u32("threshold");
    long n = r.u32("shareCount");
    if (t > 255 || n > 255) {
      throw new IllegalArgumentException("threshold and share count must be at most 255");
    }
    return new KeyVersionFacts(epoch, (int) t, (int) n, r.fixed("commitmentsDigest", DIGEST_LENGTH));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyVersionFacts f && membershipEpoch == f.membershipEpoch && threshold == f.threshold
        && shareCount == f.shareCount && MessageDigest.isEqual(commitmentsDigest, f.commitmentsDigest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(commitmentsDigest) * 31 + threshold;
  }

  @Override
  public String toString() {
    return "epoch " + membershipEpoch + ", t = " + threshold + " of " + shareCount + ", commitments "
        + HexFormat.of().formatHex(commitmentsDigest).substring(0, 16) + "…";
  }
}
