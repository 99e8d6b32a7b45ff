package io.keyquorum.protocol.blob;

/**
 * A ciphertext blob or stream that is malformed, truncated, tampered with, or presented with the
 * wrong key, key version or encryption context. No plaintext is released when this is thrown.
 */
public final class InvalidCiphertextException extends SecurityException {
  private static final long serialVersionUID = 1L;

  public InvalidCiphertextException(String message) {
    super(message);
  }

  public InvalidCiphertextException(String message, Throwable cause) {
    super(message, cause);
  }
}
