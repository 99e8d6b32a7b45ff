package io.keyquorum.client.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.fuzz.Fuzz;
import io.keyquorum.protocol.blob.BlobCipher;
import io.keyquorum.protocol.blob.CiphertextBlob;
import io.keyquorum.protocol.blob.InvalidCiphertextException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the encrypted-file reader: everything {@link EnvelopeFiles#decrypt} does with the
 * file's bytes (header, embedded data-key blob, chunks) before and after it asks the service for
 * the data key (docs/FUZZING.md).
 */
class EncryptedFileFuzzTest {
  private static final int CHUNK = StreamHeader.MIN_CHUNK;
  private final SecretBytes dataKey = SecretBytes.copyOf(new byte[32]);
  private final byte[] dataKeyBlob = BlobCipher.seal(SecretBytes.copyOf(new byte[32]), "key-1", 1,
      io.keyquorum.protocol.DeliveryMode.ORCHESTRATOR, Map.of(),
      SecretBytes.copyOf(new byte[32]), new SecureRandom()).encode();

  private byte[] encrypt(int length) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamCipher.encrypt(new ByteArrayInputStream(new byte[length]), out, dataKey, dataKeyBlob,
        Map.of("tenant", "acme", "case", "42"), CHUNK, new SecureRandom(), Progress.NONE);
    return out.toByteArray();
  }

  @Test
  void mutatedEncryptedFiles_failOnlyWithInvalidCiphertext() throws IOException {
    List<byte[]> seeds = List.of(encrypt(0), encrypt(100), encrypt(CHUNK), encrypt(2 * CHUNK + 5));
    int rejected = Fuzz.run("StreamHeader.read + StreamCipher.decrypt", seeds, Set.of(InvalidCiphertextException.class),
        file -> {
          ByteArrayInputStream in = new ByteArrayInputStream(file);
          StreamHeader header = StreamHeader.read(in);
          CiphertextBlob.decode(header.dataKeyBlob());
          StreamCipher.decrypt(header, in, new ByteArrayOutputStream(), dataKey, Progress.NONE);
        });
    assertThat(rejected).isPositive();
  }
}
