package io.keyquorum.policy;

/**
 * What an error in a rule's condition (a missing map key, a failed conversion, a cost limit)
 * does. The default fails closed: an erroring deny rule denies and an erroring allow rule does
 * not allow. Without it, a client could switch a deny rule off by sending context that makes
 * its condition error ({@code amount=1e9} under {@code int(request.context["amount"])}).
 */
public enum OnError {
  /** Fail closed: an erroring deny rule denies the request (the default). */
  DENY,
  /**
   * The erroring deny rule is skipped, as if it did not match (fail open; opt-in per deny
   * rule). Allow rules cannot take it: an erroring allow never allows.
   */
  SKIP;

  /** The lower-case spelling used in policy documents and output. */
  public String spelling() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
