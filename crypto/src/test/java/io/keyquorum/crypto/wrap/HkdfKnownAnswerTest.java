package io.keyquorum.crypto.wrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 5869 known answers, hard-coded so they run without the vectors directory. */
class HkdfKnownAnswerTest {
  @Test
  void rfc5869TestCase1_matches() {
    byte[] ikm = new byte[22];
    Arrays.fill(ikm, (byte) 0x0b);
    byte[] salt = HexFormat.of().parseHex("000102030405060708090a0b0c");
    byte[] info = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9");

    assertThat(HexFormat.of().formatHex(Hkdf.sha256(ikm, salt, info, 42)))
        .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  void rfc5869TestCase3_withoutSaltOrInfo_matches() {
    byte[] ikm = new byte[22];
    Arrays.fill(ikm, (byte) 0x0b);

    assertThat(HexFormat.of().formatHex(Hkdf.sha256(ikm, null, new byte[0], 42)))
        .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  }
}
