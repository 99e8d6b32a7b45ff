package io.keyquorum.crypto.wrap;

import static io.keyquorum.crypto.VectorFiles.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyquorum.crypto.VectorFiles;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Wycheproof AES-GCM against the AES-GCM used by {@link KeyWrap}. */
class WycheproofAesGcmTest {

  @Test
  void everyTestCase_matchesItsExpectedResult() {
    JsonNode root = VectorFiles.load("wycheproof-aes_gcm_test.json");
    int checked = 0;
    for (JsonNode group : root.get("testGroups")) {
      int tagBits = group.get("tagSize").asInt();
      for (JsonNode tc : group.get("tests")) {
        String label = String.format("testcase %d (%s)", tc.get("tcId").asInt(), tc.get("comment").asText());
        String result = tc.get("result").asText();
        byte[] key = hex(tc, "key");
        byte[] iv = hex(tc, "iv");
        byte[] aad = hex(tc, "aad");
        byte[] msg = hex(tc, "msg");
        byte[] ctAndTag = concat(hex(tc, "ct"), hex(tc, "tag"));

        byte[] opened = tryOpen(key, iv, aad, ctAndTag, tagBits);
        switch (result) {
          case "valid" -> {
            assertThat(opened).as(label).isEqualTo(msg);
            assertThat(AesGcm.seal(key, iv, aad, msg, tagBits)).as(label).isEqualTo(ctAndTag);
          }
          case "invalid" -> assertThat(opened).as(label).isNull();
          case "acceptable" -> {
            if (opened != null) {
              assertThat(opened).as(label).isEqualTo(msg);
            }
          }
          default -> throw new AssertionError(label + ": unknown result " + result);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(200);
  }

  /** Null when AES-GCM refuses the parameters or the tag. */
  private static byte[] tryOpen(byte[] key, byte[] iv, byte[] aad, byte[] ctAndTag, int tagBits) {
    try {
      return AesGcm.open(key, iv, aad, ctAndTag, tagBits);
    } catch (IllegalArgumentException | SecurityException e) {
      return null;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
