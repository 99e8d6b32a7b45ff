package io.keyquorum.client.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.protocol.blob.InvalidCiphertextException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stream v2 (the header stores the encryption context) and v1 streams that still decrypt. */
class StreamFormatVersionsTest {
  private static final int CHUNK = 1024;
  private static final Map<String, String> CONTEXT = Map.of("tenant", "acme", "case", "42");

  /** Data key 00 01 .. 1f; 1100 bytes of "keyquorum v1 stream " repeated; made by the v1 code (4a8c090). */
  private static byte[] v1Fixture() throws IOException {
    try (InputStream in = StreamFormatVersionsTest.class.getResourceAsStream("stream-v1.hex")) {
      return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
    }
  }

  private static SecretBytes fixtureKey() {
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) i;
    }
    return SecretBytes.adopt(k);
  }

  private static byte[] decrypt(byte[] stream, SecretBytes key) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(stream);
    StreamHeader header = StreamHeader.read(in);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamCipher.decrypt(header, in, out, key, Progress.NONE);
    return out.toByteArray();
  }

  @Test
  void v1File_stillDecrypts() throws IOException {
    byte[] v1 = v1Fixture();
    StreamHeader header = StreamHeader.read(new ByteArrayInputStream(v1));
    assertThat(header.version()).isEqualTo(1);
    assertThat(header.storedContext()).as("a v1 header records no context").isEmpty();
    assertThat(new String(header.dataKeyBlob(), StandardCharsets.UTF_8)).isEqualTo("stand-in for a data-key blob");
    assertThat(header.encode()).as("v1 headers re-encode byte for byte").isEqualTo(Arrays.copyOf(v1,
        header.encode().length));
    byte[] plaintext = decrypt(v1, fixtureKey());
    assertThat(plaintext).hasSize(1100);
    assertThat(new String(plaintext, 0, 40, StandardCharsets.US_ASCII))
        .isEqualTo("keyquorum v1 stream keyquorum v1 stream ");
  }

  @Test
  void v2Header_storesTheContext_andAnotherContextInTheHeaderFailsTheFirstChunk() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamCipher.encrypt(new ByteArrayInputStream(new byte[3000]), out, fixtureKey(), new byte[40], CONTEXT, CHUNK,
        new SecureRandom(), Progress.NONE);
    byte[] stream = out.toByteArray();
    StreamHeader header = StreamHeader.read(new ByteArrayInputStream(stream));
    assertThat(header.version()).isEqualTo(2);
    assertThat(header.storedContext()).contains(CONTEXT);

    // Same length, other value: only the chunks' associated data (the header's hash) can notice.
    StreamHeader forged = new StreamHeader(CHUNK, Map.of("tenant", "evil", "case", "42"), header.dataKeyBlob(),
        header.noncePrefix());
    byte[] swapped = stream.clone();
    System.arraycopy(forged.encode(), 0, swapped, 0, forged.encode().length);
    assertThatThrownBy(() -> decrypt(swapped, fixtureKey())).isInstanceOf(InvalidCiphertextException.class)
        .hasMessageContaining("chunk 0");
  }

  @Test
  void hostileContextLengths_areRefusedBeforeAllocating() {
    byte[] huge = new CanonicalWriter().fixed(StreamHeader.MAGIC, 4).u8(2).u32(CHUNK).u32(0xFFFF_FFF0L).toByteArray();
    assertThatThrownBy(() -> StreamHeader.read(new ByteArrayInputStream(huge)))
        .isInstanceOf(InvalidCiphertextException.class).hasMessageContaining("encryption context").hasMessageContaining("too long");
    byte[] longKey = new CanonicalWriter().stringMap(Map.of("k".repeat(200), "v")).toByteArray();
    byte[] badKey = new CanonicalWriter().fixed(StreamHeader.MAGIC, 4).u8(2).u32(CHUNK).bytes(longKey).bytes(new byte[4])
        .fixed(new byte[8], 8).toByteArray();
    assertThatThrownBy(() -> StreamHeader.read(new ByteArrayInputStream(badKey)))
        .isInstanceOf(InvalidCiphertextException.class).hasMessageContaining("key");
  }

  @Test
  void aV1Header_cannotCarryAContext() {
    assertThatThrownBy(() -> new StreamHeader(1, CHUNK, CONTEXT, new byte[4], new byte[8]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v1");
  }
}
