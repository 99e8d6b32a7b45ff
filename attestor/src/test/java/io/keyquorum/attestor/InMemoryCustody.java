package io.keyquorum.attestor;

import io.keyquorum.crypto.SecretBytes;
import java.util.Optional;

/**
 * The custody seam's in-memory twin: a random AES key held in memory, tagged as a token so
 * migrations and mismatch checks treat it as one, and a switch that makes it fail like a token
 * pulled out of its slot.
 */
final class InMemoryCustody implements Custody {
  private final CustodyKey key;
  private final String token;
  private volatile String failure;

  InMemoryCustody(java.nio.file.Path scratch, String token) throws java.io.IOException {
    java.nio.file.Files.createDirectories(scratch);
    java.nio.file.Path pass = scratch.resolve("in-memory-pass");
    java.nio.file.Files.writeString(pass, token + "-" + System.nanoTime());
    this.key = CustodyKey.open(scratch, pass, 1024, 8, 1, new java.security.SecureRandom());
    this.token = token;
  }

  void fail(String why) {
    failure = why;
  }

  @Override
  public byte[] seal(byte[] aad, byte[] plaintext) {
    check();
    return key.seal(aad, plaintext);
  }

  @Override
  public SecretBytes open(byte[] aad, byte[] sealed) {
    check();
    return key.open(aad, sealed);
  }

  private void check() {
    if (failure != null) {
      throw new CustodyUnavailableException(CustodyUnavailableException.Fault.PKCS11_TOKEN_FAILED, failure);
    }
  }

  @Override
  public Optional<String> problem() {
    return Optional.ofNullable(failure).map(f -> "custody unavailable: " + f);
  }

  @Override
  public CustodyKind kind() {
    return CustodyKind.pkcs11(token);
  }

  @Override
  public void close() {
    key.close();
  }
}
