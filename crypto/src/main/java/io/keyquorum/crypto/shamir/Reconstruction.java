package io.keyquorum.crypto.shamir;

import io.keyquorum.crypto.SecretBytes;
import java.util.List;
import java.util.Objects;

/**
 * A secret rebuilt from shares and checked against its commitment C_0, with the indices of any
 * shares that failed verification and were left out. The secret is the 32-byte scalar encoding;
 * close the reconstruction to zero-fill it.
 */
public record Reconstruction(SecretBytes secret, List<Integer> badIndices) implements AutoCloseable {
  public Reconstruction {
    Objects.requireNonNull(secret, "secret");
    badIndices = List.copyOf(badIndices);
  }

  @Override
  public void close() {
    secret.destroy();
  }
}
