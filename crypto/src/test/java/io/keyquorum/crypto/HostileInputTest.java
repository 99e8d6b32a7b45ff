package io.keyquorum.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.keyquorum.crypto.group.GroupElement;
import io.keyquorum.crypto.group.Scalar;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.hpke.SealedBox;
import io.keyquorum.crypto.shamir.FeldmanCommitments;
import io.keyquorum.crypto.shamir.Shamir;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.crypto.shamir.Sharing;
import io.keyquorum.crypto.shamir.Threshold;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Seeded random bytes fed to every decoder: each either decodes or throws an
 * IllegalArgumentException (MalformedEncodingException is one) naming the cause; nothing else
 * escapes, and nothing allocates past its bound.
 */
class HostileInputTest {
  private static final int ROUNDS = 3000;

  @Test
  void randomBytes_neverEscapeTheDecodersAsAnythingButIllegalArgument() {
    Random random = new Random(20261128L);
    List<Consumer<byte[]>> decoders = List.of(
        SignedEnvelope::decode,
        SealedBox::decode,
        FeldmanCommitments::decode,
        b -> Share.decode(SecretBytes.copyOf(b)),
        GroupElement::decode,
        Scalar::decode);
    for (Consumer<byte[]> decoder : decoders) {
      for (int i = 0; i < ROUNDS; i++) {
        byte[] input = new byte[random.nextInt(80)];
        random.nextBytes(input);
        if (input.length > 4 && random.nextBoolean()) {
          input[0] = 0; // small length prefixes reach the later fields more often
        }
        byte[] in = input;
        assertThatCode(() -> {
              try {
                decoder.accept(in);
              } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
              }
            })
            .as("input %s", HexFormat.of().formatHex(in))
            .doesNotThrowAnyException();
      }
    }
  }

  @Test
  void noToString_revealsSecretMaterial() throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(5);
    Scalar s = Scalar.randomNonZero(random);
    String secretHex = HexFormat.of().formatHex(s.encode());
    try (SecretBytes secret = s.toSecretBytes(); Sharing sharing = Shamir.split(secret, new Threshold(2, 3), random)) {
      String shareHex = HexFormat.of().formatHex(sharing.share(1).value(SecretAccess.INSTANCE).encode());
      HpkePrivateKey hpke = HpkePrivateKey.generate(random);
      String hpkeHex = HexFormat.of().formatHex(hpke.raw(SecretAccess.INSTANCE).toByteArray(SecretAccess.INSTANCE));
      List<Object> holders = List.of(s, secret, sharing, sharing.share(1),
          Shamir.combineVerified(sharing.shares(), sharing.commitments(), sharing.threshold()), hpke);
      for (Object holder : holders) {
        String text = holder.toString();
        assertThat(text).as(holder.getClass().getSimpleName())
            .doesNotContain(secretHex.substring(0, 16))
            .doesNotContain(shareHex.substring(0, 16))
            .doesNotContain(hpkeHex.substring(0, 16));
      }
    }
  }
}
