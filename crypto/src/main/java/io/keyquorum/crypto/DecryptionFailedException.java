package io.keyquorum.crypto;

/**
 * Ciphertext that does not authenticate under the given key and associated data, or is not
 * well-formed. No partial plaintext is ever released alongside this exception.
 */
public final class DecryptionFailedException extends SecurityException {
  private static final long serialVersionUID = 1L;

  public DecryptionFailedException(String message) {
    super(message);
  }

  public DecryptionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
