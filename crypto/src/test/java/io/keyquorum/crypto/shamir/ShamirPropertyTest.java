package io.keyquorum.crypto.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.group.GroupElement;
import io.keyquorum.crypto.group.Scalar;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded random properties for every (t, n) with 1 ≤ t ≤ n ≤ 10. */
class ShamirPropertyTest {

  static Stream<Arguments> thresholds() {
    List<Arguments> out = new ArrayList<>();
    for (int n = 1; n <= 10; n++) {
      for (int t = 1; t <= n; t++) {
        out.add(Arguments.of(t, n));
      }
    }
    return out.stream();
  }

  /** Deterministic per (t, n), so a failure reproduces. */
  private static SecureRandom seeded(int t, int n) throws Exception {
    SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
    r.setSeed(1000L * t + n);
    return r;
  }

  @ParameterizedTest(name = "{0}-of-{1}")
  @MethodSource("thresholds")
  void everyTSubset_rebuildsTheSecret(int t, int n) throws Exception {
    SecureRandom random = seeded(t, n);
    Threshold threshold = new Threshold(t, n);
    try (SecretBytes secret = Scalar.randomNonZero(random).toSecretBytes();
        Sharing sharing = Shamir.split(secret, threshold, random)) {
      for (Share share : sharing.shares()) {
        assertThat(sharing.commitments().verifyShare(share)).as("share %d", share.index()).isTrue();
      }
      int subsets = 0;
      for (int mask = 0; mask < (1 << n); mask++) {
        if (Integer.bitCount(mask) != t) {
          continue;
        }
        List<Share> subset = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if ((mask & (1 << i)) != 0) {
            subset.add(sharing.shares().get(i));
          }
        }
        try (SecretBytes plain = Shamir.combine(subset, threshold);
            Reconstruction verified = Shamir.combineVerified(subset, sharing.commitments(), threshold)) {
          assertThat(plain.equalsConstantTime(secret)).as("subset %s", Integer.toBinaryString(mask)).isTrue();
          assertThat(verified.secret().equalsConstantTime(secret)).isTrue();
          assertThat(verified.badIndices()).isEmpty();
        }
        subsets++;
      }
      assertThat(subsets).isEqualTo(binomial(n, t));
    }
  }

  @ParameterizedTest(name = "{0}-of-{1}")
  @MethodSource("thresholds")
  void rememberingCommitments_judgeEveryShareAsThePlainOnes_onFirstAndRepeatedChecks(int t, int n) throws Exception {
    SecureRandom random = seeded(t, n);
    try (SecretBytes secret = Scalar.randomNonZero(random).toSecretBytes();
        Sharing sharing = Shamir.split(secret, new Threshold(t, n), random)) {
      FeldmanCommitments remembering = FeldmanCommitments.remembering(sharing.commitments().asList());
      assertThat(remembering).isEqualTo(sharing.commitments());
      for (int round = 0; round < 2; round++) {
        for (Share share : sharing.shares()) {
          Share flipped = Share.of(share.index(), share.value(SecretAccess.INSTANCE).add(Scalar.ONE));
          assertThat(remembering.verifyShare(share)).as("round %d share %d", round, share.index()).isTrue();
          assertThat(remembering.verifyShare(flipped)).as("round %d flipped %d", round, share.index()).isFalse();
        }
      }
      // An index outside the sharing still gets its own image, never another index's.
      Share stranger = Share.of(n + 1, sharing.share(1).value(SecretAccess.INSTANCE));
      assertThat(remembering.verifyShare(stranger)).isEqualTo(sharing.commitments().verifyShare(stranger));
    }
  }

  @ParameterizedTest(name = "{0}-of-{1}")
  @MethodSource("thresholds")
  void flippedShare_isNamed_andExcludedOrRefused(int t, int n) throws Exception {
    SecureRandom random = seeded(t, n);
    Threshold threshold = new Threshold(t, n);
    try (SecretBytes secret = Scalar.randomNonZero(random).toSecretBytes();
        Sharing sharing = Shamir.split(secret, threshold, random)) {
      int victim = 1 + new Random(t * 31L + n).nextInt(n);
      Share flipped = Share.of(victim, sharing.share(victim).value(SecretAccess.INSTANCE).add(Scalar.ONE));
      assertThat(sharing.commitments().verifyShare(flipped)).isFalse();

      // The flipped share goes first, so the fast path uses it and must fall back.
      List<Share> shares = new ArrayList<>();
      shares.add(flipped);
      sharing.shares().stream().filter(s -> s.index() != victim).forEach(shares::add);

      if (n - 1 >= t) {
        try (Reconstruction r = Shamir.combineVerified(shares, sharing.commitments(), threshold)) {
          assertThat(r.badIndices()).containsExactly(victim);
          assertThat(r.secret().equalsConstantTime(secret)).isTrue();
        }
      } else {
        assertThatThrownBy(() -> Shamir.combineVerified(shares, sharing.commitments(), threshold))
            .isInstanceOfSatisfying(InvalidShareException.class, e -> assertThat(e.badIndices()).containsExactly(victim))
            .hasMessageContaining("[" + victim + "]")
            .hasMessageContaining("need " + t);
      }
    }
  }

  @ParameterizedTest(name = "{0}-of-{1}")
  @MethodSource("thresholds")
  void flippedCommitment_failsEveryShare_andFlippedC0RefusesTheSecret(int t, int n) throws Exception {
    SecureRandom random = seeded(t, n);
    Threshold threshold = new Threshold(t, n);
    try (SecretBytes secret = Scalar.randomNonZero(random).toSecretBytes();
        Sharing sharing = Shamir.split(secret, threshold, random)) {
      int j = new Random(t * 17L + n).nextInt(t);
      FeldmanCommitments bad = tamper(sharing.commitments(), j);
      for (Share share : sharing.shares()) {
        assertThat(bad.verifyShare(share)).as("share %d against tampered C_%d", share.index(), j).isFalse();
      }

      // C_0 pins the secret: with it tampered no secret can be proven, and every share is named.
      FeldmanCommitments badC0 = tamper(sharing.commitments(), 0);
      assertThatThrownBy(() -> Shamir.combineVerified(sharing.shares(), badC0, threshold))
          .isInstanceOfSatisfying(InvalidShareException.class, e -> assertThat(e.badIndices()).hasSize(n));

      if (j > 0) {
        // A tampered higher commitment cannot forge the secret: it is still proven against C_0.
        try (Reconstruction r = Shamir.combineVerified(sharing.shares(), bad, threshold)) {
          assertThat(r.secret().equalsConstantTime(secret)).isTrue();
        }
      }
    }
  }

  private static FeldmanCommitments tamper(FeldmanCommitments commitments, int j) {
    List<GroupElement> tampered = new ArrayList<>(commitments.asList());
    tampered.set(j, tampered.get(j).add(GroupElement.generator()));
    return new FeldmanCommitments(tampered);
  }

  private static int binomial(int n, int k) {
    long r = 1;
    for (int i = 1; i <= k; i++) {
      r = r * (n - k + i) / i;
    }
    return (int) r;
  }
}
