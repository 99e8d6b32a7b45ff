package io.keyquorum.crypto;

/** A signature that does not verify, or verifies for another domain than the one expected. */
public final class InvalidSignatureException extends SecurityException {
  private static final long serialVersionUID = 1L;

  public InvalidSignatureException(String message) {
    super(message);
  }
}
