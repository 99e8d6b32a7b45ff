package io.keyquorum.client.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.protocol.blob.InvalidCiphertextException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamCipherTest {
  private static final int CHUNK = 1024;
  private final SecureRandom random = new SecureRandom();
  private final SecretBytes dataKey = SecretBytes.copyOf(bytes(32));
  private final byte[] blob = bytes(90);
  private static final Map<String, String> CONTEXT = Map.of("tenant", "acme");

  private byte[] encrypt(byte[] plaintext) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamCipher.encrypt(new ByteArrayInputStream(plaintext), out, dataKey, blob, CONTEXT, CHUNK, random,
        Progress.NONE);
    return out.toByteArray();
  }

  private byte[] decrypt(byte[] ciphertext) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(ciphertext);
    StreamHeader header = StreamHeader.read(in);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamCipher.decrypt(header, in, out, dataKey, Progress.NONE);
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 17})
  void roundTrip_atEverySizeAroundChunkBoundaries(int size) throws IOException {
    byte[] plaintext = bytes(size);
    byte[] ciphertext = encrypt(plaintext);
    int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
    assertThat(ciphertext.length).isEqualTo(new StreamHeader(CHUNK, CONTEXT, blob, new byte[8]).encode().length + size + 16 * chunks);
    assertThat(decrypt(ciphertext)).isEqualTo(plaintext);
  }

  @Test
  void header_carriesTheDataKeyBlobAndTheContext() throws IOException {
    byte[] ciphertext = encrypt(bytes(10));
    StreamHeader header = StreamHeader.read(new ByteArrayInputStream(ciphertext));
    assertThat(header.dataKeyBlob()).isEqualTo(blob);
    assertThat(header.storedContext()).contains(CONTEXT);
    assertThat(Arrays.copyOf(ciphertext, 5)).isEqualTo(new byte[] {'K', 'Q', 'E', 'S', 2});
  }

  @Test
  void progress_reportsRunningTotals() throws IOException {
    List<Long> seen = new ArrayList<>();
    StreamCipher.encrypt(new ByteArrayInputStream(bytes(2 * CHUNK + 5)), new ByteArrayOutputStream(), dataKey, blob,
        CONTEXT, CHUNK, random, seen::add);
    assertThat(seen).containsExactly((long) CHUNK, 2L * CHUNK, 2L * CHUNK + 5);
  }

  @Test
  void truncationAtAChunkBoundary_isDetected() throws IOException {
    byte[] ciphertext = encrypt(bytes(3 * CHUNK + 100));
    int headerLength = ciphertext.length - (3 * CHUNK + 100) - 4 * 16;
    byte[] cut = Arrays.copyOf(ciphertext, headerLength + 3 * (CHUNK + 16));
    assertThatThrownBy(() -> decrypt(cut)).isInstanceOf(InvalidCiphertextException.class)
        .hasMessageContaining("chunk 2");
  }

  @Test
  void truncationInsideAChunk_andInsideTheHeader_areDetected() throws IOException {
    byte[] ciphertext = encrypt(bytes(2 * CHUNK));
    assertThatThrownBy(() -> decrypt(Arrays.copyOf(ciphertext, ciphertext.length - 1)))
        .isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> decrypt(Arrays.copyOf(ciphertext, 20)))
        .isInstanceOf(InvalidCiphertextException.class).hasMessageContaining("header");
  }

  @Test
  void emptyStreamWithItsOnlyChunkRemoved_isDetected() throws IOException {
    byte[] ciphertext = encrypt(new byte[0]);
    assertThatThrownBy(() -> decrypt(Arrays.copyOf(ciphertext, ciphertext.length - 16)))
        .isInstanceOf(InvalidCiphertextException.class).hasMessageContaining("missing");
  }

  @Test
  void reorderedChunks_areDetected() throws IOException {
    byte[] ciphertext = encrypt(bytes(3 * CHUNK + 1));
    int headerLength = ciphertext.length - (3 * CHUNK + 1) - 4 * 16;
    byte[] swapped = ciphertext.clone();
    int a = headerLength;
    int b = headerLength + CHUNK + 16;
    System.arraycopy(ciphertext, b, swapped, a, CHUNK + 16);
    System.arraycopy(ciphertext, a, swapped, b, CHUNK + 16);
    assertThatThrownBy(() -> decrypt(swapped)).isInstanceOf(InvalidCiphertextException.class)
        .hasMessageContaining("chunk 0");
  }

  @Test
  void appendedChunk_isDetected() throws IOException {
    byte[] ciphertext = encrypt(bytes(CHUNK));
    byte[] longer = Arrays.copyOf(ciphertext, ciphertext.length + 40);
    assertThatThrownBy(() -> decrypt(longer)).isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void flippedBitsAnywhere_areDetected() throws IOException {
    byte[] ciphertext = encrypt(bytes(2 * CHUNK + 3));
    for (int i = 0; i < ciphertext.length; i += 97) {
      byte[] bad = ciphertext.clone();
      bad[i] ^= 0x40;
      assertThatThrownBy(() -> decrypt(bad)).as("flip at %d", i).isInstanceOf(InvalidCiphertextException.class);
    }
  }

  @Test
  void wrongDataKey_fails() throws IOException {
    byte[] ciphertext = encrypt(bytes(100));
    ByteArrayInputStream in = new ByteArrayInputStream(ciphertext);
    StreamHeader header = StreamHeader.read(in);
    assertThatThrownBy(() -> StreamCipher.decrypt(header, in, new ByteArrayOutputStream(),
        SecretBytes.copyOf(bytes(32)), Progress.NONE)).isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void hostileHeaderLengths_areRefused() {
    byte[] hostile = new io.keyquorum.crypto.encoding.CanonicalWriter().fixed(new byte[] {'K', 'Q', 'E', 'S'}, 4).u8(1)
        .u32(CHUNK).u32(0xFFFF_FFF0L).toByteArray();
    assertThatThrownBy(() -> StreamHeader.read(new ByteArrayInputStream(hostile)))
        .isInstanceOf(InvalidCiphertextException.class).hasMessageContaining("too long");
    byte[] hugeChunk = new io.keyquorum.crypto.encoding.CanonicalWriter().fixed(new byte[] {'K', 'Q', 'E', 'S'}, 4).u8(1)
        .u32(0x7FFF_FFFFL).u32(10).toByteArray();
    assertThatThrownBy(() -> StreamHeader.read(new ByteArrayInputStream(hugeChunk)))
        .isInstanceOf(InvalidCiphertextException.class).hasMessageContaining("chunk size");
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
