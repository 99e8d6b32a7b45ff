package io.keyquorum.crypto.hpke;

import static io.keyquorum.crypto.VectorFiles.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyquorum.crypto.VectorFiles;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof X25519 against BouncyCastle's X25519, which HPKE's DHKEM runs on. Cases whose shared
 * secret is all zeros must also be refused by {@link Hpke#seal}, as RFC 9180 §7.1.4 requires.
 */
class WycheproofX25519Test {

  @Test
  void everyTestCase_matchesItsExpectedResult() {
    JsonNode root = VectorFiles.load("wycheproof-x25519_test.json");
    int checked = 0;
    int zeroShared = 0;
    for (JsonNode group : root.get("testGroups")) {
      for (JsonNode tc : group.get("tests")) {
        String label = String.format("testcase %d (%s)", tc.get("tcId").asInt(), tc.get("comment").asText());
        String result = tc.get("result").asText();
        byte[] shared = new byte[32];
        boolean ok = X25519.calculateAgreement(hex(tc, "private"), 0, hex(tc, "public"), 0, shared, 0);
        boolean expectsZero = isAllZero(hex(tc, "shared"));
        switch (result) {
          case "valid" -> {
            assertThat(ok).as(label).isTrue();
            assertThat(shared).as(label).isEqualTo(hex(tc, "shared"));
          }
          case "invalid" -> assertThat(ok).as(label).isFalse();
          case "acceptable" -> {
            if (ok) {
              assertThat(shared).as(label).isEqualTo(hex(tc, "shared"));
            }
          }
          default -> throw new AssertionError(label + ": unknown result " + result);
        }
        if (expectsZero) {
          zeroShared++;
          assertThat(ok).as(label + ": all-zero shared secret is refused").isFalse();
          HpkePublicKey lowOrder = HpkePublicKey.of(hex(tc, "public"));
          assertThatThrownBy(() -> Hpke.seal(lowOrder, new byte[0], new byte[0], new byte[1]))
              .as(label).hasMessageContaining("low-order");
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(500);
    assertThat(zeroShared).isGreaterThan(10);
  }

  private static boolean isAllZero(byte[] b) {
    int acc = 0;
    for (byte x : b) {
      acc |= x;
    }
    return acc == 0;
  }
}
