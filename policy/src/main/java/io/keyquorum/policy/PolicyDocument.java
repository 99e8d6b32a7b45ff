package io.keyquorum.policy;

import java.util.List;
import java.util.Objects;

/**
 * A policy document as written: a name and its ordered rules. Valid by construction with
 * respect to {@link PolicyLimits}; compiling it is {@link PolicyCompiler}'s job.
 */
public record PolicyDocument(String name, List<PolicyRule> rules) {
  public PolicyDocument {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rules, "rules");
    if (name.isBlank() || name.length() > PolicyLimits.MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "policy name must be 1.." + PolicyLimits.MAX_NAME_LENGTH + " characters");
    }
    if (rules.size() > PolicyLimits.MAX_RULES) {
      throw new IllegalArgumentException(
          "at most " + PolicyLimits.MAX_RULES + " rules per policy, got " + rules.size());
    }
    rules = List.copyOf(rules);
  }
}
