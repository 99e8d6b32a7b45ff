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
   * Its condition failed (missing map key, bad conversion, cost limit...). It fails closed: an
   * allow rule does not allow, and a deny rule denies unless it says {@code onError: skip}.
   */
  ERROR
}
