package io.keyquorum.cli;

/** Process exit codes shared by every kq command. */
public final class ExitCodes {
  /** The command succeeded; for {@code policy test}, the request is allowed. */
  public static final int OK = 0;
  /**
   * The request was refused or could not be served: denied by policy, too few attestations,
   * unknown or disabled key, registry rejection, network unavailable. For {@code policy test}:
   * the request is denied.
   */
  public static final int DENIED = 1;
  /**
   * A usage or configuration error found before anything was sent (the command line, a profile,
   * a policy or request file), or an unexpected internal error.
   */
  public static final int INVALID = 2;

  private ExitCodes() {}
}
