package io.keyquorum.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SignedEnvelopeTest {
  private static final DomainTag VOTE = new DomainTag("keyquorum/vote/v1");
  private static final DomainTag ATTESTATION = new DomainTag("keyquorum/attestation/v1");

  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
  private final byte[] body = "height=7".getBytes(StandardCharsets.UTF_8);

  @Test
  void open_returnsTheBody_afterTheSignatureAndTagVerify() {
    SignedEnvelope envelope = SignedEnvelope.sign(VOTE, body, key);
    assertThat(envelope.open(VOTE, key.publicKey())).isEqualTo(body);
    assertThat(envelope.payload()).startsWith((byte) VOTE.value().length());
  }

  @Test
  void openUnderAnotherDomain_isRefused() {
    SignedEnvelope envelope = SignedEnvelope.sign(VOTE, body, key);
    assertThatThrownBy(() -> envelope.open(ATTESTATION, key.publicKey()))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessage("payload is not tagged keyquorum/attestation/v1");
  }

  @Test
  void openWithAnotherSignersKey_isRefused() {
    SignedEnvelope envelope = SignedEnvelope.sign(VOTE, body, key);
    Ed25519PublicKey stranger = Ed25519PrivateKey.generate(new SecureRandom()).publicKey();
    assertThatThrownBy(() -> envelope.open(VOTE, stranger))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessage("signature does not verify for keyquorum/vote/v1");
  }

  @Test
  void everyFlippedPayloadByte_isRefused() {
    SignedEnvelope envelope = SignedEnvelope.sign(VOTE, body, key);
    byte[] payload = envelope.payload();
    for (int i = 0; i < payload.length; i++) {
      byte[] tampered = payload.clone();
      tampered[i] ^= 0x01;
      SignedEnvelope forged = SignedEnvelope.of(tampered, envelope.signature());
      assertThatThrownBy(() -> forged.open(VOTE, key.publicKey())).as("byte %d", i)
          .isInstanceOf(InvalidSignatureException.class);
    }
  }

  @Test
  void wireForm_roundTrips_andTruncationOrTrailingBytesAreRefused() {
    SignedEnvelope envelope = SignedEnvelope.sign(VOTE, body, key);
    byte[] wire = envelope.encode();
    assertThat(SignedEnvelope.decode(wire)).isEqualTo(envelope);
    for (int len = 0; len < wire.length; len++) {
      byte[] truncated = Arrays.copyOf(wire, len);
      assertThatThrownBy(() -> SignedEnvelope.decode(truncated)).as("length %d", len)
          .isInstanceOf(MalformedEncodingException.class)
          .hasMessageContaining("truncated");
    }
    assertThatThrownBy(() -> SignedEnvelope.decode(Arrays.copyOf(wire, wire.length + 1)))
        .hasMessageContaining("trailing");
  }

  @Test
  void hostilePayloadLength_isRefusedBeforeAllocation() {
    byte[] wire = {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    assertThatThrownBy(() -> SignedEnvelope.decode(wire))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("exceeds limit");
  }

  @Test
  void wrongSignatureLength_isRefused() {
    assertThatThrownBy(() -> SignedEnvelope.of(body, new byte[63])).hasMessageContaining("must be 64 bytes");
  }

  @Test
  void domainTags_mustBeKeyquorumVersionedNames() {
    assertThatThrownBy(() -> new DomainTag("vote")).hasMessageContaining("keyquorum/<name>/v<n>");
    assertThatThrownBy(() -> new DomainTag("keyquorum/Vote/v1")).isInstanceOf(IllegalArgumentException.class);
    assertThat(new DomainTag("keyquorum/audit/head/v2").value()).isEqualTo("keyquorum/audit/head/v2");
  }
}
