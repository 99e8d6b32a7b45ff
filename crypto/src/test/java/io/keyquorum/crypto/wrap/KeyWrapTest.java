package io.keyquorum.crypto.wrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.group.Scalar;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyWrapTest {
  private final SecureRandom random = new SecureRandom();
  private final SecretBytes s = Scalar.randomNonZero(random).toSecretBytes();
  private final SecretBytes material = SecretBytes.copyOf(bytes(32, 0x41));

  @Test
  void wrapThenUnwrap_returnsTheMaterial_inTheDocumentedFormat() {
    byte[] wrapped = KeyWrap.wrap(s, "payments", 3, material, random);
    assertThat(wrapped).hasSize(KeyWrap.NONCE_LENGTH + 32 + KeyWrap.TAG_LENGTH);
    try (SecretBytes back = KeyWrap.unwrap(s, "payments", 3, wrapped)) {
      assertThat(back.equalsConstantTime(material)).isTrue();
    }
  }

  @Test
  void wrappedBytes_matchAesGcmUnderTheHkdfKek_withLengthPrefixedInfoAndAad() {
    byte[] wrapped = KeyWrap.wrap(s, "k", 1, material, random);
    byte[] ikm = s.toByteArray(SecretAccess.INSTANCE);
    byte[] info = new CanonicalWriter().string("keyquorum/kek").string("k").u32(1).toByteArray();
    // Spelled out: 13 "keyquorum/kek", 1 "k", version 1, every length a u32.
    assertThat(info).hasSize(4 + 13 + 4 + 1 + 4);
    byte[] kek = Hkdf.sha256(ikm, new byte[0], info, 32);
    byte[] aad = {0, 0, 0, 1, 'k', 0, 0, 0, 1};
    byte[] nonce = Arrays.copyOf(wrapped, 12);
    byte[] opened = AesGcm.open(kek, nonce, aad, Arrays.copyOfRange(wrapped, 12, wrapped.length), 128);
    assertThat(opened).isEqualTo(material.toByteArray(SecretAccess.INSTANCE));
  }

  @Test
  void unwrapWithAnotherKeyId_failsCleanly() {
    byte[] wrapped = KeyWrap.wrap(s, "payments", 3, material, random);
    assertThatThrownBy(() -> KeyWrap.unwrap(s, "payments2", 3, wrapped))
        .isInstanceOf(DecryptionFailedException.class)
        .hasMessageContaining("does not open");
  }

  @Test
  void unwrapWithAnotherVersion_failsCleanly() {
    byte[] wrapped = KeyWrap.wrap(s, "payments", 3, material, random);
    assertThatThrownBy(() -> KeyWrap.unwrap(s, "payments", 4, wrapped)).isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void unwrapWithAnotherSecret_failsCleanly() {
    byte[] wrapped = KeyWrap.wrap(s, "payments", 3, material, random);
    SecretBytes other = Scalar.randomNonZero(random).toSecretBytes();
    assertThatThrownBy(() -> KeyWrap.unwrap(other, "payments", 3, wrapped)).isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void everyFlippedByte_isDetected() {
    byte[] wrapped = KeyWrap.wrap(s, "payments", 3, SecretBytes.copyOf(new byte[] {9}), random);
    for (int i = 0; i < wrapped.length; i++) {
      byte[] tampered = wrapped.clone();
      tampered[i] ^= 0x01;
      assertThatThrownBy(() -> KeyWrap.unwrap(s, "payments", 3, tampered))
          .as("byte %d", i)
          .isInstanceOf(DecryptionFailedException.class);
    }
  }

  @Test
  void materialSizeLimits_areOneByteTo4KiB() {
    for (int size : new int[] {1, 4096}) {
      byte[] wrapped = KeyWrap.wrap(s, "k", 1, SecretBytes.copyOf(bytes(size, 7)), random);
      assertThat(KeyWrap.unwrap(s, "k", 1, wrapped).length()).isEqualTo(size);
    }
    assertThatThrownBy(() -> KeyWrap.wrap(s, "k", 1, SecretBytes.copyOf(new byte[0]), random))
        .hasMessage("key material must be 1..4096 bytes, got 0");
    assertThatThrownBy(() -> KeyWrap.wrap(s, "k", 1, SecretBytes.copyOf(new byte[4097]), random))
        .hasMessage("key material must be 1..4096 bytes, got 4097");
  }

  @Test
  void impossibleWrappedLengths_areRefusedBeforeDecrypting() {
    assertThatThrownBy(() -> KeyWrap.unwrap(s, "k", 1, new byte[28])).isInstanceOf(DecryptionFailedException.class)
        .hasMessage("wrapped key must be 29..4124 bytes, got 28");
    assertThatThrownBy(() -> KeyWrap.unwrap(s, "k", 1, new byte[4125])).isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void badParameters_areRefused() {
    assertThatThrownBy(() -> KeyWrap.wrap(s, "", 1, material, random)).hasMessageContaining("keyId must be");
    assertThatThrownBy(() -> KeyWrap.wrap(s, "k", -1, material, random)).hasMessageContaining("u32 out of range");
    assertThatThrownBy(() -> KeyWrap.wrap(SecretBytes.copyOf(new byte[16]), "k", 1, material, random))
        .hasMessageContaining("scalar must be 32 bytes");
  }

  @Test
  void keksDifferPerKeyIdAndVersion_evenWhenNaiveConcatenationWouldCollide() {
    // "ab"‖"c" and "a"‖"bc" would collide under bare concatenation; length prefixes keep them apart.
    byte[] a = KeyWrap.deriveKek(s, "ab", 1);
    byte[] b = KeyWrap.deriveKek(s, "a", 1);
    byte[] c = KeyWrap.deriveKek(s, "ab", 2);
    assertThat(a).isNotEqualTo(b).isNotEqualTo(c).hasSize(32);
  }

  private static byte[] bytes(int n, int fill) {
    byte[] out = new byte[n];
    Arrays.fill(out, (byte) fill);
    return out;
  }
}
