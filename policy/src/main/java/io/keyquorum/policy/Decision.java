package io.keyquorum.policy;

import java.util.List;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of evaluating one policy against one request, with its full explanation: which
 * rule decided, what happened to every rule, and which requested capabilities no matching allow
 * rule covered. {@link #allowed()} is true only for {@link DecisionBasis.AllowRules}.
 */
public record Decision(
    String policyName,
    DecisionBasis basis,
    List<RuleExplanation> rules,
    Set<String> uncoveredCapabilities) {
  public Decision {
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(basis, "basis");
    rules = List.copyOf(rules);
    uncoveredCapabilities =
        Collections.unmodifiableSortedSet(new TreeSet<>(uncoveredCapabilities));
    if (basis instanceof DecisionBasis.AllowRules && !uncoveredCapabilities.isEmpty()) {
      throw new IllegalArgumentException("an allow must cover every requested capability");
    }
  }

  /** True when the request may proceed as far as this policy is concerned. */
  public boolean allowed() {
    return basis instanceof DecisionBasis.AllowRules;
  }

  /** A one-line summary, e.g. {@code deny by rule 2} or {@code deny by default}. */
  public String summary() {
    if (basis instanceof DecisionBasis.DenyRule deny) {
      return "deny by rule " + deny.ruleIndex();
    }
    if (basis instanceof DecisionBasis.AllowRules allow) {
      return "allow by rule" + (allow.ruleIndexes().size() > 1 ? "s " : " ")
          + String.join(", ", allow.ruleIndexes().stream().map(String::valueOf).toList());
    }
    return "deny by default (uncovered: " + String.join(", ", new TreeSet<>(uncoveredCapabilities))
        + ")";
  }
}
