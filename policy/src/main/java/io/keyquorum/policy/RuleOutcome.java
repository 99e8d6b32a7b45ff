package io.keyquorum.policy;

/** What became of one rule during one evaluation. */
public enum RuleOutcome {
  /** Its capabilities cover a requested capability and its condition was true. */
  MATCHED,
  /** Its condition was false. */
  NOT_MATCHED,
  /** None of its capabilities was requested, so its condition was not evaluated. */
  NOT_APPLICABLE,
  /**
   * Its condition failed (missing map key, bad conversion, cost limit...). The rule counts as
   * not matching: it can neither allow nor deny.
   */
  ERROR
}
