package io.keyquorum.attestor;

/**
 * The custody key cannot be used: the token was removed, stopped answering, or refused the PIN.
 * Nothing was sealed or opened; the caller refuses its request rather than answer without custody.
 */
public final class CustodyUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as a stable name at the start of the message. */
  public enum Fault {
    /** The PKCS#11 library is not at the configured path, or does not load. */
    PKCS11_MODULE_MISSING,
    /** No token in the configured slot, or the module would not initialise it. */
    PKCS11_TOKEN_ABSENT,
    /** The token refused the PIN (or the PIN source is missing). */
    PKCS11_PIN_REFUSED,
    /** The token lacks a mechanism custody needs (the message names them). */
    PKCS11_MECHANISMS_MISSING,
    /** The token holds no custody key under the expected label. */
    PKCS11_KEY_MISSING,
    /** The token failed while in use: removed, or stopped answering. Restart custody to recover. */
    PKCS11_TOKEN_FAILED
  }

  private final Fault fault;

  public CustodyUnavailableException(Fault fault, String message, Throwable cause) {
    super(fault + ": " + message, cause);
    this.fault = fault;
  }

  public CustodyUnavailableException(Fault fault, String message) {
    this(fault, message, null);
  }

  public Fault fault() {
    return fault;
  }
}
