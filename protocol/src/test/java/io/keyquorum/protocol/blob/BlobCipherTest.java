package io.keyquorum.protocol.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.protocol.DeliveryMode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlobCipherTest {
  private static final Map<String, String> CONTEXT = Map.of("tenant", "acme", "purpose", "backup");
  private final SecureRandom random = new SecureRandom();
  private final SecretBytes material = SecretBytes.copyOf(bytes(32));

  private CiphertextBlob seal(String plaintext) {
    return BlobCipher.seal(material, "key-1", 3, DeliveryMode.ORCHESTRATOR, CONTEXT,
        SecretBytes.copyOf(plaintext.getBytes(StandardCharsets.UTF_8)), random);
  }

  @Test
  void roundTrip_throughItsEncoding() {
    CiphertextBlob blob = seal("attack at dawn");
    CiphertextBlob decoded = CiphertextBlob.decode(blob.encode());
    assertThat(decoded).isEqualTo(blob);
    assertThat(decoded.keyId()).isEqualTo("key-1");
    assertThat(decoded.keyVersion()).isEqualTo(3);
    try (SecretBytes pt = BlobCipher.open(material, decoded, Map.of("purpose", "backup", "tenant", "acme"))) {
      assertThat(new String(pt.toByteArray(SecretAccess.INSTANCE), StandardCharsets.UTF_8)).isEqualTo("attack at dawn");
    }
  }

  @Test
  void encoding_startsWithMagicVersionKeyIdVersionAndDelivery() {
    byte[] wire = seal("x").encode();
    assertThat(Arrays.copyOf(wire, 5)).isEqualTo(new byte[] {'K', 'Q', 'C', 'B', 2});
    byte[] expectedPrefix = new CanonicalWriter().fixed(new byte[] {'K', 'Q', 'C', 'B'}, 4).u8(2).string("key-1").u32(3)
        .string("orchestrator").toByteArray();
    assertThat(Arrays.copyOf(wire, expectedPrefix.length)).isEqualTo(expectedPrefix);
  }

  @Test
  void everyFlippedByte_failsCleanly() {
    byte[] wire = seal("hello").encode();
    for (int i = 0; i < wire.length; i++) {
      byte[] bad = wire.clone();
      bad[i] ^= 0x01;
      assertThatThrownBy(() -> BlobCipher.open(material, CiphertextBlob.decode(bad), CONTEXT))
          .as("flipped byte %d", i)
          .isInstanceOf(InvalidCiphertextException.class);
    }
  }

  @Test
  void wrongContext_fails() {
    CiphertextBlob blob = seal("hello");
    assertThatThrownBy(() -> BlobCipher.open(material, blob, Map.of("tenant", "acme", "purpose", "restore")))
        .isInstanceOf(InvalidCiphertextException.class).hasMessageContaining("encryption context");
    assertThatThrownBy(() -> BlobCipher.open(material, blob, Map.of()))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void wrongKeyVersionOrMaterial_fails() {
    CiphertextBlob blob = seal("hello");
    CiphertextBlob relabelled = CiphertextBlob.v2("key-1", 4, DeliveryMode.ORCHESTRATOR, blob.salt(), blob.ciphertext());
    assertThatThrownBy(() -> BlobCipher.open(material, relabelled, CONTEXT)).isInstanceOf(InvalidCiphertextException.class);
    CiphertextBlob otherKey = CiphertextBlob.v2("key-2", 3, DeliveryMode.ORCHESTRATOR, blob.salt(), blob.ciphertext());
    assertThatThrownBy(() -> BlobCipher.open(material, otherKey, CONTEXT)).isInstanceOf(InvalidCiphertextException.class);
    CiphertextBlob otherDelivery = CiphertextBlob.v2("key-1", 3, DeliveryMode.CLIENT, blob.salt(), blob.ciphertext());
    assertThatThrownBy(() -> BlobCipher.open(material, otherDelivery, CONTEXT))
        .isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> BlobCipher.open(material, otherKey, CONTEXT)).isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> BlobCipher.open(SecretBytes.copyOf(bytes(32)), blob, CONTEXT))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void truncatedAndExtended_areRefusedAtDecode() {
    byte[] wire = seal("hello").encode();
    for (int cut = 0; cut < wire.length; cut++) {
      byte[] shorter = Arrays.copyOf(wire, cut);
      assertThatThrownBy(() -> CiphertextBlob.decode(shorter)).as("cut at %d", cut)
          .isInstanceOf(InvalidCiphertextException.class);
    }
    assertThatThrownBy(() -> CiphertextBlob.decode(Arrays.copyOf(wire, wire.length + 1)))
        .isInstanceOf(InvalidCiphertextException.class).hasMessageContaining("malformed");
  }

  @Test
  void hostileLengths_areRefusedBeforeAllocation() {
    byte[] hugeCiphertext = new CanonicalWriter().fixed(new byte[] {'K', 'Q', 'C', 'B'}, 4).u8(1).string("key-1").u32(1)
        .fixed(new byte[12], 12).u32(0x7FFF_FFFFL).toByteArray();
    assertThatThrownBy(() -> CiphertextBlob.decode(hugeCiphertext))
        .isInstanceOf(InvalidCiphertextException.class).hasMessageContaining("ciphertext");
    byte[] hugeKeyId = new CanonicalWriter().fixed(new byte[] {'K', 'Q', 'C', 'B'}, 4).u8(1).u32(0xFFFF_FFFFL)
        .toByteArray();
    assertThatThrownBy(() -> CiphertextBlob.decode(hugeKeyId))
        .isInstanceOf(InvalidCiphertextException.class).hasMessageContaining("key id");
    assertThatThrownBy(() -> CiphertextBlob.decode(new byte[CiphertextBlob.MAX_ENCODED + 1]))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void badMagicAndUnknownVersion_areNamed() {
    byte[] wire = seal("hello").encode();
    byte[] magic = wire.clone();
    magic[0] = 'X';
    assertThatThrownBy(() -> CiphertextBlob.decode(magic)).hasMessageContaining("bad magic");
    byte[] version = wire.clone();
    version[4] = 3;
    assertThatThrownBy(() -> CiphertextBlob.decode(version)).hasMessageContaining("format version 3");
  }

  @Test
  void plaintextOver4KiB_isRefused() {
    assertThatThrownBy(() -> BlobCipher.seal(material, "key-1", 1, DeliveryMode.ORCHESTRATOR, CONTEXT,
        SecretBytes.copyOf(new byte[4097]), random))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096");
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
