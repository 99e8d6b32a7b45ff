package io.keyquorum.crypto.shamir;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.group.GroupElement;
import io.keyquorum.crypto.group.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feldman commitments C_j = a_j·G to the coefficients of a sharing polynomial f (Feldman 1987,
 * "A practical scheme for non-interactive verifiable secret sharing").
 *
 * <p>Guarantees: {@link #verifyShare} accepts (i, s_i) only when s_i·G = Σ C_j·i^j, i.e. the share
 * lies on the committed polynomial; C_0 = s·G pins the secret without revealing it (under the
 * discrete-log assumption on P-256). The list has exactly t entries, so it also fixes the
 * threshold. These values are public.
 */
public final class FeldmanCommitments {
  private final List<GroupElement> commitments;
  /** Σ C_j·i^j by share index i, when made with {@link #remembering}; null otherwise. */
  private final Map<Integer, GroupElement> images;

  public FeldmanCommitments(List<GroupElement> commitments) {
    this(commitments, false);
  }

  /**
   * Commitments that remember each share index's expected image once computed: for a holder that
   * checks shares of the same key version over and over (the orchestrator), which then pays one
   * fixed-base multiplication per share instead of t. The images are public values.
   */
  public static FeldmanCommitments remembering(List<GroupElement> commitments) {
    return new FeldmanCommitments(commitments, true);
  }

  private FeldmanCommitments(List<GroupElement> commitments, boolean remember) {
    Objects.requireNonNull(commitments, "commitments");
    if (commitments.isEmpty() || commitments.size() > Threshold.MAX_SHARES) {
      throw new IllegalArgumentException(
          "Feldman commitments must number 1.." + Threshold.MAX_SHARES + ", got " + commitments.size());
    }
    for (int j = 0; j < commitments.size(); j++) {
      GroupElement c = Objects.requireNonNull(commitments.get(j), "commitment C_" + j);
      if (c.isIdentity()) {
        throw new IllegalArgumentException("commitment C_" + j + " is the identity element");
      }
    }
    this.commitments = List.copyOf(commitments);
    this.images = remember ? new ConcurrentHashMap<>() : null;
  }

  /** The threshold t: the number of coefficients, i.e. polynomial degree + 1. */
  public int threshold() {
    return commitments.size();
  }

  /** C_0 = s·G, the public image of the secret. */
  public GroupElement secretCommitment() {
    return commitments.get(0);
  }

  public List<GroupElement> asList() {
    return commitments;
  }

  /** Returns true only if {@code share} lies on the committed polynomial. */
  public boolean verifyShare(Share share) {
    GroupElement lhs = GroupElement.multiplyGenerator(share.value(SecretAccess.INSTANCE));
    return lhs.equals(expectedShareImage(share.index()));
  }

  /** Σ C_j·i^j, evaluated by Horner's rule so each step multiplies by the small public index i. */
  GroupElement expectedShareImage(int index) {
    if (images != null) {
      return images.computeIfAbsent(index, this::computeShareImage);
    }
    return computeShareImage(index);
  }

  private GroupElement computeShareImage(int index) {
    Scalar i = Scalar.of(index);
    GroupElement acc = commitments.get(commitments.size() - 1);
    for (int j = commitments.size() - 2; j >= 0; j--) {
      acc = acc.multiply(i).add(commitments.get(j));
    }
    return acc;
  }

  /** {@code count ‖ C_0 ‖ … ‖ C_{t-1}}, each 33-byte compressed SEC1. */
  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter().u32(commitments.size());
    commitments.forEach(c -> w.fixed(c.encode(), GroupElement.ENCODED_LENGTH));
    return w.toByteArray();
  }

  public static FeldmanCommitments decode(byte[] encoded) {
    CanonicalReader r = new CanonicalReader(encoded);
    int count = r.count("Feldman commitments", Threshold.MAX_SHARES);
    List<GroupElement> out = new ArrayList<>(count);
    for (int j = 0; j < count; j++) {
      out.add(GroupElement.decode(r.fixed("commitment C_" + j, GroupElement.ENCODED_LENGTH)));
    }
    r.finish();
    return new FeldmanCommitments(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeldmanCommitments other && commitments.equals(other.commitments);
  }

  @Override
  public int hashCode() {
    return commitments.hashCode();
  }

  @Override
  public String toString() {
    return "FeldmanCommitments[t=" + commitments.size() + ", C_0=" + commitments.get(0) + "]";
  }
}
