package io.keyquorum.crypto.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScalarTest {
  private static final byte[] ORDER_BYTES = Arrays.copyOfRange(Scalar.ORDER.toByteArray(), 1, 33);

  @Test
  void decode_acceptsQMinusOne_andRoundTrips() {
    byte[] qMinusOne = Scalar.ORDER.subtract(BigInteger.ONE).toByteArray();
    byte[] encoded = Arrays.copyOfRange(qMinusOne, qMinusOne.length - 32, qMinusOne.length);
    assertThat(Scalar.decode(encoded).encode()).isEqualTo(encoded);
    assertThat(Scalar.decode(encoded).add(Scalar.ONE).isZero()).isTrue();
  }

  @Test
  void decode_rejectsQ_andAbove() {
    assertThat(ORDER_BYTES).hasSize(32);
    assertThatThrownBy(() -> Scalar.decode(ORDER_BYTES)).hasMessageContaining("not below the P-256 group order");
    byte[] max = new byte[32];
    Arrays.fill(max, (byte) 0xFF);
    assertThatThrownBy(() -> Scalar.decode(max)).hasMessageContaining("not below the P-256 group order");
  }

  @Test
  void decode_rejectsWrongLengths() {
    assertThatThrownBy(() -> Scalar.decode(new byte[31])).hasMessage("scalar must be 32 bytes, got 31");
    assertThatThrownBy(() -> Scalar.decode(new byte[33])).hasMessage("scalar must be 32 bytes, got 33");
    assertThatThrownBy(() -> Scalar.decode(null)).hasMessage("scalar must be 32 bytes, got null");
  }

  @Test
  void encode_isAlways32Bytes_evenForSmallValues() {
    byte[] one = Scalar.ONE.encode();
    assertThat(one).hasSize(32);
    assertThat(one[31]).isEqualTo((byte) 1);
    assertThat(Scalar.ZERO.encode()).containsOnly(0);
  }

  @Test
  void arithmetic_obeysFieldLaws() {
    SecureRandom random = new SecureRandom(new byte[] {7});
    for (int k = 0; k < 50; k++) {
      Scalar a = Scalar.randomNonZero(random);
      Scalar b = Scalar.random(random);
      assertThat(a.multiply(a.inverse())).isEqualTo(Scalar.ONE);
      assertThat(a.add(b).subtract(b)).isEqualTo(a);
      assertThat(a.add(a.negate()).isZero()).isTrue();
      assertThat(a.multiply(b)).isEqualTo(b.multiply(a));
    }
    assertThat(Scalar.of(-1)).isEqualTo(Scalar.ONE.negate());
  }

  @Test
  void inverseOfZero_isRefused() {
    assertThatThrownBy(Scalar.ZERO::inverse).isInstanceOf(ArithmeticException.class).hasMessage("zero has no inverse mod q");
  }

  @Test
  void random_rejectsOutOfRangeDrawsInsteadOfReducingThem() {
    // First draw is 0xFF..FF (≥ q): a mod-reducing sampler would return 2^256-1-q. Rejection
    // sampling must discard it and return the second draw, 5, unchanged.
    SecureRandom scripted = new SecureRandom() {
      private int calls;

      @Override
      public void nextBytes(byte[] bytes) {
        Arrays.fill(bytes, calls++ == 0 ? (byte) 0xFF : 0);
        if (calls > 1) {
          bytes[31] = 5;
        }
      }
    };
    assertThat(Scalar.random(scripted)).isEqualTo(Scalar.of(5));
  }

  @Test
  void toString_neverRevealsTheValue() {
    assertThat(Scalar.of(12345).toString()).isEqualTo("Scalar[redacted]").doesNotContain("12345");
  }
}
