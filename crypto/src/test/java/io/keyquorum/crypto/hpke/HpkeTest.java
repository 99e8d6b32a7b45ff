package io.keyquorum.crypto.hpke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class HpkeTest {
  private final SecureRandom random = new SecureRandom();
  private final HpkePrivateKey recipient = HpkePrivateKey.generate(random);
  private final byte[] info = "keyquorum/share-release/v1".getBytes(StandardCharsets.UTF_8);
  private final byte[] aad = {1, 2, 3};
  private final byte[] plaintext = "a 32-byte share value, say.....".getBytes(StandardCharsets.UTF_8);

  @Test
  void sealThenOpen_returnsThePlaintext_andEachSealIsFresh() {
    SealedBox a = Hpke.seal(recipient.publicKey(), info, aad, plaintext);
    SealedBox b = Hpke.seal(recipient.publicKey(), info, aad, plaintext);
    assertThat(a.enc()).isNotEqualTo(b.enc());
    assertThat(a.ciphertext()).hasSize(plaintext.length + SealedBox.TAG_LENGTH);
    assertThat(Hpke.open(recipient, a, info, aad).toByteArray(SecretAccess.INSTANCE)).isEqualTo(plaintext);
    assertThat(Hpke.open(recipient, b, info, aad).toByteArray(SecretAccess.INSTANCE)).isEqualTo(plaintext);
  }

  @Test
  void sealingASecretHolder_opensToTheSameBytes() {
    try (SecretBytes secret = SecretBytes.copyOf(plaintext)) {
      SealedBox box = Hpke.seal(recipient.publicKey(), info, aad, secret);
      assertThat(Hpke.open(recipient, box, info, aad).equalsConstantTime(secret)).isTrue();
    }
  }

  @Test
  void openWithAnotherKeyInfoOrAad_fails() {
    SealedBox box = Hpke.seal(recipient.publicKey(), info, aad, plaintext);
    HpkePrivateKey other = HpkePrivateKey.generate(random);
    assertThatThrownBy(() -> Hpke.open(other, box, info, aad)).isInstanceOf(DecryptionFailedException.class)
        .hasMessageContaining("does not open");
    assertThatThrownBy(() -> Hpke.open(recipient, box, new byte[] {1}, aad)).isInstanceOf(DecryptionFailedException.class);
    assertThatThrownBy(() -> Hpke.open(recipient, box, info, new byte[0])).isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void everyFlippedByteOfTheWireForm_isRejected() {
    byte[] wire = Hpke.seal(recipient.publicKey(), info, aad, new byte[] {42}).encode();
    for (int i = 0; i < wire.length; i++) {
      byte[] tampered = wire.clone();
      tampered[i] ^= 0x01;
      assertThatThrownBy(() -> Hpke.open(recipient, SealedBox.decode(tampered), info, aad))
          .as("byte %d", i)
          .isInstanceOfAny(DecryptionFailedException.class, MalformedEncodingException.class);
    }
  }

  @Test
  void sealedBox_roundTripsAndRejectsHostileEncodings() {
    SealedBox box = Hpke.seal(recipient.publicKey(), info, aad, plaintext);
    byte[] wire = box.encode();
    assertThat(wire).hasSize(32 + 4 + plaintext.length + 16);
    assertThat(SealedBox.decode(wire)).isEqualTo(box);
    assertThatThrownBy(() -> SealedBox.decode(java.util.Arrays.copyOf(wire, wire.length + 1))).hasMessageContaining("trailing");
    assertThatThrownBy(() -> SealedBox.decode(java.util.Arrays.copyOf(wire, 20))).hasMessageContaining("HPKE enc: truncated");
    byte[] huge = wire.clone();
    huge[32] = 0x7F;
    assertThatThrownBy(() -> SealedBox.decode(huge)).hasMessageContaining("exceeds limit");
    assertThatThrownBy(() -> new SealedBox(new byte[32], new byte[15])).hasMessageContaining("16..");
  }

  @Test
  void lowOrderRecipientKey_isRefusedWhenSealing() {
    HpkePublicKey zero = HpkePublicKey.of(new byte[32]); // u = 0 has order 1: shared secret all zeros
    assertThatThrownBy(() -> Hpke.seal(zero, info, aad, plaintext)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("low-order");
  }

  @Test
  void lowOrderEnc_isRefusedWhenOpening() {
    SealedBox box = Hpke.seal(recipient.publicKey(), info, aad, plaintext);
    SealedBox forged = new SealedBox(new byte[32], box.ciphertext());
    assertThatThrownBy(() -> Hpke.open(recipient, forged, info, aad)).isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void privateKey_roundTripsRaw_isRedacted_andDestroyable() {
    try (SecretBytes raw = recipient.raw(SecretAccess.INSTANCE)) {
      HpkePrivateKey copy = HpkePrivateKey.fromRaw(raw);
      assertThat(copy.publicKey()).isEqualTo(recipient.publicKey());
    }
    assertThat(recipient.toString()).startsWith("HpkePrivateKey[public=HpkePublicKey[");
    SealedBox box = Hpke.seal(recipient.publicKey(), info, aad, plaintext);
    recipient.destroy();
    assertThat(recipient.isDestroyed()).isTrue();
    assertThatThrownBy(() -> Hpke.open(recipient, box, info, aad)).isInstanceOf(IllegalStateException.class)
        .hasMessage("HPKE private key has been destroyed");
    assertThatThrownBy(() -> recipient.raw(SecretAccess.INSTANCE)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keysOfTheWrongLength_areRefused() {
    assertThatThrownBy(() -> HpkePublicKey.of(new byte[31])).hasMessage("X25519 public key must be 32 bytes, got 31");
    assertThatThrownBy(() -> HpkePrivateKey.fromRaw(SecretBytes.copyOf(new byte[33])))
        .hasMessage("X25519 private key must be 32 bytes, got 33");
  }
}
