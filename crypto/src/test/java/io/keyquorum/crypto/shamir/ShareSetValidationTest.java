package io.keyquorum.crypto.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.group.GroupElement;
import io.keyquorum.crypto.group.Scalar;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every malformed parameter or share set is refused before interpolation, with its cause named. */
class ShareSetValidationTest {
  private final SecureRandom random = seeded();
  private Sharing sharing;
  private final Threshold threshold = new Threshold(3, 5);

  private static SecureRandom seeded() {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(42);
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @BeforeEach
  void split() {
    sharing = Shamir.split(Scalar.randomNonZero(random).toSecretBytes(), threshold, random);
  }

  @Test
  void thresholdBelowOne_isRefused() {
    assertThatThrownBy(() -> new Threshold(0, 3)).hasMessage("threshold t must be at least 1, got 0");
  }

  @Test
  void thresholdAboveShareCount_isRefused() {
    assertThatThrownBy(() -> new Threshold(4, 3)).hasMessage("threshold t=4 exceeds share count n=3");
  }

  @Test
  void moreThan255Shares_isRefused() {
    assertThatThrownBy(() -> new Threshold(2, 256)).hasMessage("share count n must be at most 255, got 256");
    assertThat(new Threshold(255, 255).n()).isEqualTo(255);
  }

  @Test
  void indexZero_isRefusedBecauseItIsTheSecret() {
    assertThatThrownBy(() -> Share.of(0, Scalar.ONE)).hasMessageContaining("f(0) is the secret itself");
  }

  @Test
  void indexOutsideOneByte_isRefused() {
    assertThatThrownBy(() -> Share.of(256, Scalar.ONE)).hasMessageContaining("1..255, got 256");
    assertThatThrownBy(() -> Share.of(-1, Scalar.ONE)).hasMessageContaining("1..255, got -1");
  }

  @Test
  void indexAboveN_isRefused() {
    List<Share> shares = List.of(sharing.share(1), sharing.share(2), Share.of(6, Scalar.ONE));
    assertThatThrownBy(() -> Shamir.combine(shares, threshold)).hasMessage("share index 6 exceeds n=5");
    assertThatThrownBy(() -> Shamir.combineVerified(shares, sharing.commitments(), threshold))
        .hasMessage("share index 6 exceeds n=5");
  }

  @Test
  void sharingLookupAboveN_isRefused() {
    assertThatThrownBy(() -> sharing.share(6)).hasMessage("share index 6 exceeds n=5");
  }

  @Test
  void duplicateIndex_isRefused() {
    List<Share> shares = List.of(sharing.share(1), sharing.share(2), sharing.share(2));
    assertThatThrownBy(() -> Shamir.combine(shares, threshold)).hasMessage("duplicate share index 2");
    assertThatThrownBy(() -> Shamir.combineVerified(shares, sharing.commitments(), threshold))
        .hasMessage("duplicate share index 2");
  }

  @Test
  void fewerThanTShares_isRefused() {
    List<Share> shares = List.of(sharing.share(4), sharing.share(5));
    assertThatThrownBy(() -> Shamir.combine(shares, threshold)).hasMessage("need at least t=3 shares to rebuild, got 2");
  }

  @Test
  void commitmentsForAnotherThreshold_areRefused() {
    FeldmanCommitments shorter = new FeldmanCommitments(sharing.commitments().asList().subList(0, 2));
    assertThatThrownBy(() -> Shamir.combineVerified(sharing.shares(), shorter, threshold))
        .hasMessage("commitments are for t=2 but threshold is 3-of-5");
  }

  @Test
  void zeroSecret_isRefused() {
    assertThatThrownBy(() -> Shamir.split(SecretBytes.copyOf(new byte[32]), threshold, random))
        .hasMessageContaining("secret must be non-zero");
  }

  @Test
  void secretNotBelowOrder_isRefused() {
    byte[] allOnes = new byte[32];
    java.util.Arrays.fill(allOnes, (byte) 0xFF);
    assertThatThrownBy(() -> Shamir.split(SecretBytes.copyOf(allOnes), threshold, random))
        .hasMessageContaining("not below the P-256 group order");
  }

  @Test
  void extraBadShareBeyondTheFirstT_isNotNeeded_andSecretIsStillProven() {
    List<Share> shares = List.of(sharing.share(1), sharing.share(2), sharing.share(3), Share.of(4, Scalar.ONE));
    try (Reconstruction r = Shamir.combineVerified(shares, sharing.commitments(), threshold)) {
      assertThat(GroupElement.multiplyGenerator(Scalar.fromSecret(r.secret())))
          .isEqualTo(sharing.commitments().secretCommitment());
    }
  }

  @Test
  void share_encodesAndDecodes_andHidesItsValue() {
    Share share = sharing.share(3);
    try (SecretBytes encoded = share.encode(SecretAccess.INSTANCE)) {
      assertThat(encoded.length()).isEqualTo(Share.ENCODED_LENGTH);
      Share back = Share.decode(encoded);
      assertThat(back.index()).isEqualTo(3);
      assertThat(back.value(SecretAccess.INSTANCE)).isEqualTo(share.value(SecretAccess.INSTANCE));
    }
    assertThat(share.toString()).isEqualTo("Share[index=3, value redacted]");
    assertThat(share.value(SecretAccess.INSTANCE).toString()).isEqualTo("Scalar[redacted]");
  }

  @Test
  void share_decodeRejectsWrongLengthAndIndexZero() {
    assertThatThrownBy(() -> Share.decode(SecretBytes.copyOf(new byte[32]))).hasMessageContaining("share value: truncated");
    assertThatThrownBy(() -> Share.decode(SecretBytes.copyOf(new byte[33]))).hasMessageContaining("f(0) is the secret itself");
    assertThatThrownBy(() -> Share.decode(SecretBytes.copyOf(new byte[34]))).hasMessageContaining("trailing");
  }

  @Test
  void destroyedShare_cannotBeRead() {
    Share share = sharing.share(1);
    share.destroy();
    assertThat(share.isDestroyed()).isTrue();
    assertThatThrownBy(() -> share.value(SecretAccess.INSTANCE)).hasMessage("share 1 has been destroyed");
  }

  @Test
  void commitments_roundTrip_andRejectHostileEncodings() {
    byte[] encoded = sharing.commitments().encode();
    assertThat(encoded).hasSize(4 + 3 * GroupElement.ENCODED_LENGTH);
    assertThat(FeldmanCommitments.decode(encoded)).isEqualTo(sharing.commitments());

    byte[] trailing = java.util.Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> FeldmanCommitments.decode(trailing)).hasMessageContaining("trailing");
    byte[] hugeCount = encoded.clone();
    hugeCount[0] = 0x7F;
    assertThatThrownBy(() -> FeldmanCommitments.decode(hugeCount)).hasMessageContaining("exceeds limit 255");
    byte[] offCurve = encoded.clone();
    offCurve[4] = 0x04;
    assertThatThrownBy(() -> FeldmanCommitments.decode(offCurve)).hasMessageContaining("must start with 02 or 03");
  }
}
