package io.keyquorum.registry.light;

/**
 * Membership that a light client must not use: a genesis that is not the pinned one, or an epoch
 * without proof that the registry committed it. The message names the check that failed.
 */
public final class UnprovenMembershipException extends SecurityException {
  private static final long serialVersionUID = 1L;

  public UnprovenMembershipException(String message) {
    super(message);
  }
}
