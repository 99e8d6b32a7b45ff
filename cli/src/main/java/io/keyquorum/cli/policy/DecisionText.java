package io.keyquorum.cli.policy;

import io.keyquorum.policy.CompiledPolicy;
import io.keyquorum.policy.Decision;
import io.keyquorum.policy.PolicyRule;
import io.keyquorum.policy.RuleExplanation;
import java.util.Locale;
import java.util.Set;

/** The human-readable explanation printed by {@code kq policy test}. */
final class DecisionText {
  private DecisionText() {}

  static String render(CompiledPolicy policy, Decision decision) {
    StringBuilder text = new StringBuilder();
    text.append(decision.allowed() ? "ALLOW" : "DENY")
        .append(" (").append(decision.summary()).append(")\n");
    text.append("policy: ").append(decision.policyName()).append('\n');
    for (RuleExplanation rule : decision.rules()) {
      PolicyRule source = policy.document().rules().get(rule.index());
      text.append("  rule ").append(rule.index()).append(' ')
          .append(rule.effect().spelling()).append(' ')
          .append(capabilities(source.capabilities())).append(": ")
          .append(rule.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '))
          .append(" - ").append(rule.detail()).append('\n');
    }
    text.append("uncovered capabilities: ")
        .append(decision.uncoveredCapabilities().isEmpty()
            ? "none" : String.join(", ", decision.uncoveredCapabilities()))
        .append('\n');
    return text.toString();
  }

  static String capabilities(Set<String> capabilities) {
    return capabilities.isEmpty() ? "[all]" : "[" + String.join(", ", capabilities) + "]";
  }
}
