package io.keyquorum.cli.session;

/**
 * A usage or configuration error found before anything is sent: a missing or bad profile, a
 * malformed {@code --context}, a policy that does not compile. Exit code 2.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
