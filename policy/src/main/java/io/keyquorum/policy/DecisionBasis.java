package io.keyquorum.policy;

import java.util.List;

/** What decided a {@link Decision}. */
public sealed interface DecisionBasis {
  /**
   * A deny rule matched, or its condition errored and it fails closed; the first such rule is
   * named. Deny always wins.
   */
  record DenyRule(int ruleIndex) implements DecisionBasis {}

  /** No deny rule matched and these allow rules together covered every requested capability. */
  record AllowRules(List<Integer> ruleIndexes) implements DecisionBasis {
    public AllowRules {
      ruleIndexes = List.copyOf(ruleIndexes);
      if (ruleIndexes.isEmpty()) {
        throw new IllegalArgumentException("an allow needs at least one matching allow rule");
      }
    }
  }

  /** Nothing matched strongly enough: some requested capability had no matching allow rule. */
  record DefaultDeny() implements DecisionBasis {}
}
