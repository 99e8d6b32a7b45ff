package io.keyquorum.crypto;

import static io.keyquorum.crypto.VectorFiles.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Wycheproof Ed25519 verification against {@link Ed25519PublicKey#verify}. */
class WycheproofEd25519Test {

  @Test
  void everyTestCase_matchesItsExpectedResult() {
    JsonNode root = VectorFiles.load("wycheproof-ed25519_test.json");
    int checked = 0;
    for (JsonNode group : root.get("testGroups")) {
      Ed25519PublicKey key = Ed25519PublicKey.of(hex(group.get("publicKey").get("pk").asText()));
      for (JsonNode tc : group.get("tests")) {
        String label = String.format("testcase %d (%s)", tc.get("tcId").asInt(), tc.get("comment").asText());
        String result = tc.get("result").asText();
        boolean verified = key.verify(hex(tc, "msg"), hex(tc, "sig"));
        switch (result) {
          case "valid" -> assertThat(verified).as(label).isTrue();
          case "invalid" -> assertThat(verified).as(label).isFalse();
          case "acceptable" -> { } // either answer conforms
          default -> throw new AssertionError(label + ": unknown result " + result);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100);
  }
}
