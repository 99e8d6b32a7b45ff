package io.keyquorum.cli;

/** Process exit codes shared by every kq command. */
public final class ExitCodes {
  /** The command succeeded; for {@code policy test}, the request is allowed. */
  public static final int OK = 0;
  /** For {@code policy test}: the request is denied. */
  public static final int DENIED = 1;
  /** Invalid input (a policy or request file, or the command line itself) or an error. */
  public static final int INVALID = 2;

  private ExitCodes() {}
}
