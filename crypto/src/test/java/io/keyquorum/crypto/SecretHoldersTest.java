package io.keyquorum.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretHoldersTest {

  @Test
  void secretBytes_destroyZeroFillsAndBlocksReads() {
    byte[] adopted = {1, 2, 3, 4};
    SecretBytes secret = SecretBytes.adopt(adopted);
    secret.destroy();
    assertThat(adopted).containsOnly(0);
    assertThat(secret.isDestroyed()).isTrue();
    assertThatThrownBy(() -> secret.toByteArray(SecretAccess.INSTANCE)).hasMessage("secret has been destroyed");
  }

  @Test
  void secretBytes_copiesInAndOut() {
    byte[] original = {9, 9};
    SecretBytes secret = SecretBytes.copyOf(original);
    original[0] = 0;
    byte[] out = secret.toByteArray(SecretAccess.INSTANCE);
    out[1] = 0;
    assertThat(secret.toByteArray(SecretAccess.INSTANCE)).containsExactly(9, 9);
  }

  @Test
  void secretBytes_toStringIsRedacted() {
    SecretBytes secret = SecretBytes.copyOf(new byte[] {0x41, 0x42});
    assertThat(secret.toString()).isEqualTo("SecretBytes[2 bytes, redacted]").doesNotContain("41").doesNotContain("AB");
  }

  @Test
  void secretBytes_equalityIsByContent() {
    assertThat(SecretBytes.copyOf(new byte[] {1, 2}).equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 2}))).isTrue();
    assertThat(SecretBytes.copyOf(new byte[] {1, 2}).equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 3}))).isFalse();
    assertThat(SecretBytes.copyOf(new byte[] {1}).equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 0}))).isFalse();
  }

  @Test
  void ed25519_signsVerifies_roundTripsSeed_andRedacts() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
    byte[] sig = key.sign(new byte[] {1});
    assertThat(key.publicKey().verify(new byte[] {1}, sig)).isTrue();
    assertThat(key.publicKey().verify(new byte[] {2}, sig)).isFalse();
    assertThat(key.publicKey().verify(new byte[] {1}, new byte[63])).isFalse();
    try (SecretBytes seed = key.seed(SecretAccess.INSTANCE)) {
      Ed25519PrivateKey again = Ed25519PrivateKey.fromSeed(seed);
      assertThat(again.publicKey()).isEqualTo(key.publicKey());
      assertThat(again.sign(new byte[] {1})).isEqualTo(sig); // RFC 8032 signatures are deterministic
    }
    assertThat(key.toString()).startsWith("Ed25519PrivateKey[public=Ed25519PublicKey[");
    key.destroy();
    assertThatThrownBy(() -> key.sign(new byte[] {1})).hasMessage("Ed25519 private key has been destroyed");
  }

  @Test
  void ed25519_rejectsMalformedKeys() {
    assertThatThrownBy(() -> Ed25519PublicKey.of(new byte[31])).hasMessageContaining("must be 32 bytes, got 31");
    assertThatThrownBy(() -> Ed25519PrivateKey.fromSeed(SecretBytes.copyOf(new byte[16])))
        .hasMessageContaining("seed must be 32 bytes, got 16");
  }
}
