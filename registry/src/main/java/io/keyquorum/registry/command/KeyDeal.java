package io.keyquorum.registry.command;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.List;
import java.util.Objects;

/**
 * What the dealer publishes for one key version (DESIGN §3, §6): the ordered attestor set (share
 * index i = position + 1), threshold t, the t Feldman commitments C_j = a_j·G as compressed SEC1
 * P-256 points, the material wrapped under the kek derived from the shared scalar, and one
 * HPKE-sealed share per attestor, in set order.
 *
 * <p>Only lengths and SEC1 prefixes are checked here; whether a commitment is on the curve is for
 * the crypto module (and each attestor checks its own share against them, complaining if not).
 */
public record KeyDeal(
    List<String> attestors, int threshold, List<Blob> commitments, Blob wrappedMaterial, List<Blob> sealedShares) {
  public static final int POINT_LENGTH = 33;
  /** 4 KiB of imported material plus AES-GCM nonce, tag and framing. */
  public static final int MAX_WRAPPED = 8 * 1024;
  public static final int MAX_SEALED_SHARE = 1024;

  public KeyDeal {
    attestors = Fields.distinctIds("deal attestors", attestors, Fields.MAX_ATTESTORS);
    if (attestors.isEmpty()) {
      throw new IllegalArgumentException("deal attestors must not be empty");
    }
    if (threshold < 1 || threshold > attestors.size()) {
      throw new IllegalArgumentException("threshold must be in 1.." + attestors.size() + ", got " + threshold);
    }
    commitments = List.copyOf(Objects.requireNonNull(commitments, "commitments"));
    if (commitments.size() != threshold) {
      throw new IllegalArgumentException(
          "Feldman commitments: expected t = " + threshold + ", got " + commitments.size());
    }
    for (int j = 0; j < commitments.size(); j++) {
      Blob c = commitments.get(j);
      if (c.length() != POINT_LENGTH || (c.byteAt(0) != 0x02 && c.byteAt(0) != 0x03)) {
        throw new IllegalArgumentException("commitment C_" + j + " is not a 33-byte compressed SEC1 point");
      }
    }
    Objects.requireNonNull(wrappedMaterial, "wrapped material");
    Blob.bounded("wrapped material", wrappedMaterial.toByteArray(), 1, MAX_WRAPPED);
    sealedShares = List.copyOf(Objects.requireNonNull(sealedShares, "sealed shares"));
    if (sealedShares.size() != attestors.size()) {
      throw new IllegalArgumentException(
          "sealed shares: expected one per attestor (" + attestors.size() + "), got " + sealedShares.size());
    }
    for (int i = 0; i < sealedShares.size(); i++) {
      Blob.bounded("sealed share for " + attestors.get(i), sealedShares.get(i).toByteArray(), 1, MAX_SEALED_SHARE);
    }
  }

  /** The Shamir index of {@code attestorId}'s share, or 0 if it is not in the set. */
  public int shareIndexOf(String attestorId) {
    return attestors.indexOf(attestorId) + 1;
  }

  public void writeTo(CanonicalWriter w) {
    w.strings(attestors).u32(threshold);
    Fields.blobs(w, commitments);
    w.bytes(wrappedMaterial.toByteArray());
    Fields.blobs(w, sealedShares);
  }

  static KeyDeal readFrom(CanonicalReader r) {
    List<String> attestors = r.strings("deal attestors", Fields.MAX_ATTESTORS, Identifiers.MAX_ID_LENGTH);
    long t = r.u32("threshold");
    if (t > Fields.MAX_ATTESTORS) {
      throw new io.keyquorum.crypto.encoding.MalformedEncodingException("threshold: " + t + " exceeds " + Fields.MAX_ATTESTORS);
    }
    List<Blob> commitments = Fields.blobs(r, "commitments", Fields.MAX_ATTESTORS, POINT_LENGTH);
    Blob wrapped = Blob.copyOf(r.bytes("wrapped material", MAX_WRAPPED));
    List<Blob> shares = Fields.blobs(r, "sealed shares", Fields.MAX_ATTESTORS, MAX_SEALED_SHARE);
    return new KeyDeal(attestors, (int) t, commitments, wrapped, shares);
  }
}
