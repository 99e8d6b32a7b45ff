package io.keyquorum.policy;

/**
 * A request file (the JSON form of {@link PolicyInput}) is malformed; the message names the
 * JSON field at fault.
 */
public final class InvalidPolicyInputException extends Exception {
  public InvalidPolicyInputException(String message) {
    super(message);
  }
}
