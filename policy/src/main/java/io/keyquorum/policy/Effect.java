package io.keyquorum.policy;

/** What a rule does when it matches: a matching {@code deny} always wins over any {@code allow}. */
public enum Effect {
  ALLOW,
  DENY;

  /** The lower-case spelling used in policy documents and output. */
  public String spelling() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
