package io.keyquorum.crypto.shamir;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.group.GroupElement;
import io.keyquorum.crypto.group.Scalar;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Shamir secret sharing (Shamir 1979) over the P-256 scalar field, with Feldman commitments.
 *
 * <p>Guarantees: {@link #split} draws its coefficients uniformly, so any t-1 shares are
 * independent of the secret; {@link #combineVerified} returns a secret only after checking s·G =
 * C_0, and when that fails it verifies each share, names the bad ones, and rebuilds from the good
 * ones if at least t remain. Malformed share sets (duplicate indices, indices above n, too few
 * shares) are refused before any interpolation, with a message naming the cause.
 */
public final class Shamir {
  private Shamir() {}

  /**
   * Splits a 32-byte scalar secret into {@code threshold.n()} shares, any {@code threshold.t()} of
   * which rebuild it.
   *
   * @throws IllegalArgumentException if the secret is not a non-zero scalar below q (zero has the
   *     identity as its commitment, which cannot be published)
   */
  public static Sharing split(SecretBytes secret, Threshold threshold, SecureRandom random) {
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(random, "random");
    Scalar s = Scalar.fromSecret(secret);
    List<Scalar> coefficients = new ArrayList<>(threshold.t() - 1);
    for (int j = 1; j < threshold.t(); j++) {
      // [1, q) rather than [0, q): a zero coefficient would have the identity as its commitment,
      // which has no encoding. The two distributions differ by at most t·2^-256.
      coefficients.add(Scalar.randomNonZero(random));
    }
    return splitWithCoefficients(s, coefficients, threshold.n());
  }

  /**
   * Deterministic split with caller-chosen coefficients a_1..a_{t-1}; only for reproducing known
   * answers (RFC 9591 vectors). Never use with anything but uniformly random coefficients.
   */
  static Sharing splitWithCoefficients(Scalar secret, List<Scalar> coefficients, int n) {
    Threshold threshold = new Threshold(coefficients.size() + 1, n);
    if (secret.isZero()) {
      throw new IllegalArgumentException("secret must be non-zero: its commitment s·G would be the identity");
    }
    List<Scalar> poly = new ArrayList<>(threshold.t());
    poly.add(secret);
    poly.addAll(coefficients);
    List<GroupElement> commitments = new ArrayList<>(poly.size());
    for (int j = 0; j < poly.size(); j++) {
      if (poly.get(j).isZero()) {
        throw new IllegalArgumentException("coefficient a_" + j + " must be non-zero");
      }
      commitments.add(GroupElement.multiplyGenerator(poly.get(j)));
    }
    List<Share> shares = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      shares.add(Share.of(i, evaluate(poly, Scalar.of(i))));
    }
    return new Sharing(threshold, shares, new FeldmanCommitments(commitments));
  }

  /**
   * Rebuilds the secret from at least t shares by Lagrange interpolation at 0, without checking
   * it: a wrong share silently gives a wrong secret. Prefer {@link #combineVerified}.
   *
   * @return the 32-byte scalar encoding of the secret
   */
  public static SecretBytes combine(List<Share> shares, Threshold threshold) {
    List<Share> chosen = validate(shares, threshold);
    return interpolateAtZero(chosen.subList(0, threshold.t())).toSecretBytes();
  }

  /**
   * Rebuilds the secret and proves it against C_0. Fast path: interpolate the first t shares and
   * check s·G = C_0 (one fixed-base multiplication). Only if that fails is each share verified,
   * and the secret rebuilt from the first t shares that pass. Whatever path is taken, the
   * returned secret s satisfies s·G = C_0; commitments C_1.. only serve to name bad shares.
   *
   * @throws InvalidShareException naming the bad indices when fewer than t shares verify
   * @throws IllegalArgumentException if the share set is malformed or the commitments do not
   *     have t entries
   */
  public static Reconstruction combineVerified(
      List<Share> shares, FeldmanCommitments commitments, Threshold threshold) {
    Objects.requireNonNull(commitments, "commitments");
    Objects.requireNonNull(threshold, "threshold");
    if (commitments.threshold() != threshold.t()) {
      throw new IllegalArgumentException(
          "commitments are for t=" + commitments.threshold() + " but threshold is " + threshold);
    }
    List<Share> chosen = validate(shares, threshold);
    Scalar fast = interpolateAtZero(chosen.subList(0, threshold.t()));
    if (GroupElement.multiplyGenerator(fast).equals(commitments.secretCommitment())) {
      return new Reconstruction(fast.toSecretBytes(), List.of());
    }
    List<Integer> bad = new ArrayList<>();
    List<Share> good = new ArrayList<>();
    for (Share share : chosen) {
      if (commitments.verifyShare(share)) {
        good.add(share);
      } else {
        bad.add(share.index());
      }
    }
    if (good.size() < threshold.t()) {
      throw new InvalidShareException(
          "shares " + bad + " fail Feldman verification; " + good.size() + " good share(s) remain, need "
              + threshold.t(),
          bad);
    }
    Scalar s = interpolateAtZero(good.subList(0, threshold.t()));
    if (!GroupElement.multiplyGenerator(s).equals(commitments.secretCommitment())) {
      // Verified shares lie on the committed polynomial, so this cannot happen unless the
      // group arithmetic itself is broken; refuse rather than return an unproven secret.
      throw new IllegalStateException("verified shares do not rebuild C_0");
    }
    return new Reconstruction(s.toSecretBytes(), bad);
  }

  /** Checks the set before any arithmetic: enough shares, indices in 1..n, no duplicates. */
  private static List<Share> validate(List<Share> shares, Threshold threshold) {
    Objects.requireNonNull(shares, "shares");
    Objects.requireNonNull(threshold, "threshold");
    Set<Integer> seen = new HashSet<>();
    for (Share share : shares) {
      Objects.requireNonNull(share, "share");
      int i = share.index();
      if (i > threshold.n()) {
        throw new IllegalArgumentException("share index " + i + " exceeds n=" + threshold.n());
      }
      if (!seen.add(i)) {
        // Two shares at one x would make the Lagrange denominators zero (or double-count a holder).
        throw new IllegalArgumentException("duplicate share index " + i);
      }
    }
    if (shares.size() < threshold.t()) {
      throw new IllegalArgumentException(
          "need at least t=" + threshold.t() + " shares to rebuild, got " + shares.size());
    }
    return List.copyOf(shares);
  }

  /** f(0) = Σ s_i·λ_i with λ_i = Π_{j≠i} x_j / (x_j − x_i). Indices are distinct and non-zero. */
  static Scalar interpolateAtZero(List<Share> shares) {
    Scalar sum = Scalar.ZERO;
    for (Share si : shares) {
      Scalar xi = Scalar.of(si.index());
      Scalar num = Scalar.ONE;
      Scalar den = Scalar.ONE;
      for (Share sj : shares) {
        if (sj != si) {
          Scalar xj = Scalar.of(sj.index());
          num = num.multiply(xj);
          den = den.multiply(xj.subtract(xi));
        }
      }
      sum = sum.add(si.value(SecretAccess.INSTANCE).multiply(num).multiply(den.inverse()));
    }
    return sum;
  }

  /** f(x) by Horner's rule. */
  private static Scalar evaluate(List<Scalar> poly, Scalar x) {
    Scalar acc = Scalar.ZERO;
    for (int j = poly.size() - 1; j >= 0; j--) {
      acc = acc.multiply(x).add(poly.get(j));
    }
    return acc;
  }
}
