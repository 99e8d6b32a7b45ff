package io.keyquorum.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedKeyRequestTest {
  private final Ed25519PrivateKey client = Fixtures.signer(1);

  @Test
  void signedRequest_roundTripsThroughWireForm() {
    KeyRequest request = Fixtures.request("app-1", Map.of("dept", "finance", "env", "prod"));
    SignedKeyRequest signed = SignedKeyRequest.sign(request, client);

    SignedKeyRequest received = SignedKeyRequest.decode(signed.encode());

    assertThat(received.verify(client.publicKey())).isEqualTo(request);
    assertThat(received.digest()).isEqualTo(signed.digest());
  }

  @Test
  void signedRequest_namesItsNetwork() {
    SignedKeyRequest signed = SignedKeyRequest.sign(Fixtures.request("app-1", Map.of()), client);
    assertThat(SignedKeyRequest.decode(signed.encode()).verify(client.publicKey()).network()).isEqualTo(Fixtures.NETWORK);
  }

  @Test
  void requestVerifiedWithAnotherKey_isRefused() {
    SignedKeyRequest signed = SignedKeyRequest.sign(Fixtures.request("app-1", Map.of()), client);

    assertThatThrownBy(() -> signed.verify(Fixtures.signer(2).publicKey()))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void contextOrder_doesNotChangeTheDigest() {
    Map<String, String> a = new java.util.LinkedHashMap<>();
    a.put("b", "2");
    a.put("a", "1");
    Map<String, String> b = new java.util.TreeMap<>(a);
    SignedKeyRequest first = SignedKeyRequest.sign(Fixtures.request("app-1", a), client);
    SignedKeyRequest second = SignedKeyRequest.sign(Fixtures.request("app-1", b), client);

    assertThat(first.digest()).isEqualTo(second.digest());
  }

  @Test
  void everyTruncationOfTheWireForm_isRejectedCleanly() {
    byte[] wire = SignedKeyRequest.sign(Fixtures.request("app-1", Map.of("k", "v")), client).encode();
    for (int len = 0; len < wire.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(wire, len);
      assertThatThrownBy(() -> SignedKeyRequest.decode(cut).verify(client.publicKey()))
          .as("truncated to %d bytes", len)
          .isInstanceOfAny(MalformedEncodingException.class, InvalidSignatureException.class);
    }
  }

  @Test
  void oversizedContext_isRejectedWithItsLimit() {
    Map<String, String> huge = new java.util.HashMap<>();
    for (int i = 0; i < RequestLimits.MAX_CONTEXT_ENTRIES + 1; i++) {
      huge.put("k" + i, "v");
    }
    assertThatThrownBy(() -> Fixtures.request("app-1", huge))
        .hasMessageContaining("limit is " + RequestLimits.MAX_CONTEXT_ENTRIES);
  }

  @Test
  void idWithControlCharacters_isRejected() {
    assertThatThrownBy(() -> Fixtures.request("app\n1", Map.of())).hasMessageContaining("client id");
  }
}
