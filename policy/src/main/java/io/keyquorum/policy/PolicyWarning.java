package io.keyquorum.policy;

import java.util.Objects;

/**
 * Something in a policy that compiles but is probably not what its author meant, found by a
 * static check when the policy is compiled (see {@link DenyRuleCheck}). A warning never stops a
 * policy from loading.
 *
 * @param ruleIndex the rule's 0-based position in its document
 * @param documentLine the 1-based document line of the rule's {@code when}; 0 when unknown
 * @param detail what was found, starting with its {@code line:column} inside the expression
 */
public record PolicyWarning(int ruleIndex, int documentLine, String detail) {
  public PolicyWarning {
    Objects.requireNonNull(detail, "detail");
    if (ruleIndex < 0 || documentLine < 0) {
      throw new IllegalArgumentException("ruleIndex and documentLine must be >= 0");
    }
  }

  /** In the form of {@link InvalidPolicyException}: {@code rule 2 (line 9): when 1:5: ...}. */
  public String message() {
    return "rule " + ruleIndex + (documentLine > 0 ? " (line " + documentLine + ")" : "")
        + ": when " + detail;
  }

  PolicyWarning atDocumentLine(int line) {
    return new PolicyWarning(ruleIndex, line, detail);
  }
}
