package io.keyquorum.protocol.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.protocol.DeliveryMode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Blob v2 (a fresh key per blob, the delivery mode recorded) and v1 blobs that still decrypt. */
class BlobFormatVersionsTest {
  private static final Map<String, String> CONTEXT = Map.of("tenant", "acme", "purpose", "backup");
  /** Material 00 01 .. 1f, key-1 v3, plaintext "keyquorum v1 blob": made by the v1 code (c51255c). */
  private static final String V1_FIXTURE = "4b51434201000000056b65792d31000000032508788f79fd215e8beefc7d00000021"
      + "d0606e573326173e53d0a944065d37767ad5f30b7a84b06f70dcd642dc63f4a574";

  private static SecretBytes material() {
    byte[] m = new byte[32];
    for (int i = 0; i < m.length; i++) {
      m[i] = (byte) i;
    }
    return SecretBytes.adopt(m);
  }

  @Test
  void v1Blob_stillDecrypts_andDefaultsToOrchestratorDelivery() {
    CiphertextBlob v1 = CiphertextBlob.decode(HexFormat.of().parseHex(V1_FIXTURE));
    assertThat(v1.formatVersion()).isEqualTo(1);
    assertThat(v1.delivery()).isEmpty();
    assertThat(v1.recordedDelivery()).isEqualTo(DeliveryMode.ORCHESTRATOR);
    try (SecretBytes pt = BlobCipher.open(material(), v1, CONTEXT)) {
      assertThat(new String(pt.toByteArray(SecretAccess.INSTANCE), StandardCharsets.UTF_8))
          .isEqualTo("keyquorum v1 blob");
    }
  }

  @Test
  void eachBlob_hasItsOwnKey_fromA256BitSalt() {
    SecureRandom random = new SecureRandom();
    Set<String> salts = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      CiphertextBlob blob = BlobCipher.seal(material(), "key-1", 3, DeliveryMode.CLIENT, CONTEXT,
          SecretBytes.copyOf(new byte[32]), random);
      assertThat(blob.formatVersion()).isEqualTo(2);
      assertThat(blob.salt()).hasSize(32);
      assertThat(salts.add(HexFormat.of().formatHex(blob.salt()))).isTrue();
      // Two blobs of the same version never share a GCM key.
      assertThat(BlobCipher.blobKey(material(), blob.salt(), "key-1", 3))
          .isNotEqualTo(BlobCipher.v1BlobKey(material(), "key-1", 3));
    }
    byte[] a = BlobCipher.blobKey(material(), new byte[32], "key-1", 3);
    byte[] saltB = new byte[32];
    saltB[31] = 1;
    assertThat(a).isNotEqualTo(BlobCipher.blobKey(material(), saltB, "key-1", 3));
  }

  @Test
  void v2Blob_recordsItsDeliveryMode_authenticated() {
    CiphertextBlob blob = BlobCipher.seal(material(), "key-1", 3, DeliveryMode.CLIENT, CONTEXT,
        SecretBytes.copyOf(new byte[] {7}), new SecureRandom());
    CiphertextBlob decoded = CiphertextBlob.decode(blob.encode());
    assertThat(decoded.delivery()).contains(DeliveryMode.CLIENT);
    assertThat(decoded.recordedDelivery()).isEqualTo(DeliveryMode.CLIENT);
    try (SecretBytes pt = BlobCipher.open(material(), decoded, CONTEXT)) {
      assertThat(pt.toByteArray(SecretAccess.INSTANCE)).containsExactly(7);
    }
  }

  /**
   * Known answer for the context's canonical bytes: keys in UTF-8 byte order, so U+E000 precedes
   * U+1F600 (UTF-16 order would put the emoji first).
   */
  @Test
  void canonicalContext_sortsKeysByUtf8Bytes() {
    byte[] ctx = BlobCipher.canonicalContext(Map.of("\uD83D\uDE00", "b", "\uE000", "a"));
    assertThat(HexFormat.of().formatHex(ctx)).isEqualTo(
        "00000002" + "00000003ee8080" + "0000000161" + "00000004f09f9880" + "0000000162");
  }
}
