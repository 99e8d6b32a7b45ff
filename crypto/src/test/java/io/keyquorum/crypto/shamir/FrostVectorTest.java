package io.keyquorum.crypto.shamir;

import static io.keyquorum.crypto.VectorFiles.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.VectorFiles;
import io.keyquorum.crypto.group.Scalar;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shares over the P-256 order against FROST(P-256, SHA-256), RFC 9591 Appendix E.5 (t=2, n=3). */
class FrostVectorTest {
  // Hard-coded from RFC 9591 so this runs even without the shared vectors directory.
  static final String SECRET = "8ba9bba2e0fd8c4767154d35a0b7562244a4aaf6f36c8fb8735fa48b301bd8de";
  static final String A1 = "80f25e6c0709353e46bfbe882a11bdbb1f8097e46340eb8673b7e14556e6c3a4";
  static final String GROUP_PUBLIC_KEY = "023a309ad94e9fe8a7ba45dfc58f38bf091959d3c99cfbd02b4dc00585ec45ab70";
  static final List<String> SHARES = List.of(
      "0c9c1a0fe806c184add50bbdcac913dda73e482daf95dcb9f35dbb0d8a9f7731",
      "8d8e787bef0ff6c2f494ca45f4dad198c6bee01212d6c84067159c52e1863ad5",
      "0e80d6e8f6192c003b5488ce1eec8f5429587d48cf001541e713b2d53c09d928");

  @Test
  void hardCodedVector_splitGivesTheRfcShares_andEveryPairRebuilds() {
    checkVector(SECRET, List.of(A1), GROUP_PUBLIC_KEY, SHARES);
  }

  @Test
  void vectorFile_splitGivesTheRfcShares_andEveryPairRebuilds() {
    JsonNode inputs = VectorFiles.load("frost-p256-sha256.json").get("inputs");
    List<String> coefficients = new ArrayList<>();
    inputs.get("share_polynomial_coefficients").forEach(c -> coefficients.add(c.asText()));
    List<String> shares = new ArrayList<>();
    for (JsonNode share : inputs.get("participant_shares")) {
      assertThat(share.get("identifier").asInt()).isEqualTo(shares.size() + 1);
      shares.add(share.get("participant_share").asText());
    }
    checkVector(inputs.get("group_secret_key").asText(), coefficients, inputs.get("group_public_key").asText(), shares);
  }

  private static void checkVector(String secretHex, List<String> coefficientHex, String publicKeyHex, List<String> shareHex) {
    Scalar secret = Scalar.decode(hex(secretHex));
    List<Scalar> coefficients = coefficientHex.stream().map(h -> Scalar.decode(hex(h))).toList();
    Sharing sharing = Shamir.splitWithCoefficients(secret, coefficients, shareHex.size());

    for (int i = 1; i <= shareHex.size(); i++) {
      Share share = sharing.share(i);
      assertThat(share.index()).isEqualTo(i);
      assertThat(HexFormat.of().formatHex(share.value(SecretAccess.INSTANCE).encode()))
          .as("share %d", i).isEqualTo(shareHex.get(i - 1));
      assertThat(sharing.commitments().verifyShare(share)).as("share %d verifies", i).isTrue();
    }
    assertThat(HexFormat.of().formatHex(sharing.commitments().secretCommitment().encode())).isEqualTo(publicKeyHex);

    Threshold threshold = sharing.threshold();
    for (int a = 1; a <= shareHex.size(); a++) {
      for (int b = a + 1; b <= shareHex.size(); b++) {
        List<Share> pair = List.of(sharing.share(b), sharing.share(a));
        try (SecretBytes plain = Shamir.combine(pair, threshold);
            Reconstruction verified = Shamir.combineVerified(pair, sharing.commitments(), threshold)) {
          assertThat(HexFormat.of().formatHex(plain.toByteArray(SecretAccess.INSTANCE))).as("{%d,%d}", a, b).isEqualTo(secretHex);
          assertThat(verified.secret().equalsConstantTime(plain)).isTrue();
          assertThat(verified.badIndices()).isEmpty();
        }
      }
    }
  }
}
