package io.keyquorum.client;

import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.protocol.SignedAttestation;
import java.util.List;
import java.util.Optional;

/**
 * The result of an attested operation: the secret it yields if any (key material, a data key, a
 * decrypted plaintext), the ciphertext blob if one was made, the key version used, the signed
 * attestations of the approving quorum (evidence), and attestors excluded for bad shares.
 * Close it to zero-fill the secret.
 */
public record KeyResult(String keyId, long keyVersion, Optional<SecretBytes> secret, Optional<byte[]> ciphertextBlob,
    List<SignedAttestation> attestations, List<AttestorReport> excluded) implements AutoCloseable {
  public KeyResult {
    attestations = List.copyOf(attestations);
    excluded = List.copyOf(excluded);
  }

  /** The secret; throws if this operation yields none (Encrypt). */
  public SecretBytes secretOrThrow() {
    return secret.orElseThrow(() -> new IllegalStateException("this operation returns no secret"));
  }

  public byte[] blobOrThrow() {
    return ciphertextBlob.orElseThrow(() -> new IllegalStateException("this operation returns no ciphertext")).clone();
  }

  @Override
  public void close() {
    secret.ifPresent(SecretBytes::destroy);
  }
}
