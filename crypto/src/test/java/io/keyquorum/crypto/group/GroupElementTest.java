package io.keyquorum.crypto.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class GroupElementTest {
  /** SEC 2 §2.4.2: the P-256 base point, compressed. */
  private static final String G = "036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";

  @Test
  void generator_encodesAsTheSec2BasePoint_andRoundTrips() {
    assertThat(HexFormat.of().formatHex(GroupElement.generator().encode())).isEqualTo(G);
    assertThat(GroupElement.decode(HexFormat.of().parseHex(G))).isEqualTo(GroupElement.generator());
    assertThat(GroupElement.multiplyGenerator(Scalar.ONE)).isEqualTo(GroupElement.generator());
  }

  @Test
  void fixedBaseAndVariableBaseMultiplication_agree_andAreLinear() {
    SecureRandom random = new SecureRandom(new byte[] {3});
    for (int k = 0; k < 10; k++) {
      Scalar a = Scalar.randomNonZero(random);
      Scalar b = Scalar.randomNonZero(random);
      assertThat(GroupElement.multiplyGenerator(a)).isEqualTo(GroupElement.generator().multiply(a));
      assertThat(GroupElement.multiplyGenerator(a.add(b)))
          .isEqualTo(GroupElement.multiplyGenerator(a).add(GroupElement.multiplyGenerator(b)));
    }
  }

  @Test
  void identity_hasNoEncoding() {
    GroupElement identity = GroupElement.multiplyGenerator(Scalar.ZERO);
    assertThat(identity.isIdentity()).isTrue();
    assertThatThrownBy(identity::encode).hasMessageContaining("identity");
  }

  @Test
  void decode_rejectsWrongLengthAndUncompressedOrInfinityPrefixes() {
    assertThatThrownBy(() -> GroupElement.decode(new byte[32])).hasMessageContaining("must be 33 bytes");
    assertThatThrownBy(() -> GroupElement.decode(new byte[65])).hasMessageContaining("must be 33 bytes");
    byte[] infinity = new byte[33];
    assertThatThrownBy(() -> GroupElement.decode(infinity)).hasMessageContaining("must start with 02 or 03");
    byte[] uncompressed = HexFormat.of().parseHex(G);
    uncompressed[0] = 0x04;
    assertThatThrownBy(() -> GroupElement.decode(uncompressed)).hasMessageContaining("must start with 02 or 03");
  }

  @Test
  void decode_rejectsXWithNoCurvePoint() {
    // About half of all x have no y on the curve; find one deterministically.
    byte[] candidate = new byte[33];
    candidate[0] = 0x02;
    boolean rejected = false;
    for (int x = 1; x < 64 && !rejected; x++) {
      candidate[32] = (byte) x;
      try {
        GroupElement.decode(candidate);
      } catch (IllegalArgumentException e) {
        assertThat(e).hasMessageContaining("not a point on P-256");
        rejected = true;
      }
    }
    assertThat(rejected).as("some small x is off the curve").isTrue();
  }

  @Test
  void decode_rejectsXNotBelowTheFieldPrime() {
    byte[] big = new byte[33];
    java.util.Arrays.fill(big, (byte) 0xFF);
    big[0] = 0x02;
    assertThatThrownBy(() -> GroupElement.decode(big)).hasMessageContaining("not a point on P-256");
  }
}
