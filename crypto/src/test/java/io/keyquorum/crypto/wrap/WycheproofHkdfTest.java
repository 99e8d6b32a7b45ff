package io.keyquorum.crypto.wrap;

import static io.keyquorum.crypto.VectorFiles.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyquorum.crypto.VectorFiles;
import org.junit.jupiter.api.Test;

/** Wycheproof HKDF-SHA256 against the HKDF that derives key-encryption keys. */
class WycheproofHkdfTest {

  @Test
  void everyTestCase_matchesItsExpectedResult() {
    JsonNode root = VectorFiles.load("wycheproof-hkdf_sha256_test.json");
    int checked = 0;
    for (JsonNode group : root.get("testGroups")) {
      for (JsonNode tc : group.get("tests")) {
        String label = String.format("testcase %d (%s)", tc.get("tcId").asInt(), tc.get("comment").asText());
        String result = tc.get("result").asText();
        byte[] okm;
        try {
          okm = Hkdf.sha256(hex(tc, "ikm"), hex(tc, "salt"), hex(tc, "info"), tc.get("size").asInt());
        } catch (IllegalArgumentException e) {
          okm = null;
        }
        switch (result) {
          case "valid" -> assertThat(okm).as(label).isEqualTo(hex(tc, "okm"));
          case "invalid" -> assertThat(okm).as(label).isNull();
          case "acceptable" -> {
            if (okm != null) {
              assertThat(okm).as(label).isEqualTo(hex(tc, "okm"));
            }
          }
          default -> throw new AssertionError(label + ": unknown result " + result);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(50);
  }
}
