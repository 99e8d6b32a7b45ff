package io.keyquorum.cli.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.policy.CompiledPolicy;
import io.keyquorum.policy.Decision;
import io.keyquorum.policy.DecisionBasis;
import io.keyquorum.policy.RuleExplanation;
import java.util.Locale;

/**
 * The machine-readable decision printed by {@code kq policy test --json}. Field names are a
 * contract for scripts; docs/POLICY.md shows them.
 */
final class DecisionJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DecisionJson() {}

  static String render(CompiledPolicy policy, Decision decision) {
    ObjectNode root = JSON.createObjectNode();
    root.put("policy", decision.policyName());
    root.put("decision", decision.allowed() ? "allow" : "deny");
    root.put("summary", decision.summary());
    ObjectNode basis = root.putObject("basis");
    if (decision.basis() instanceof DecisionBasis.DenyRule deny) {
      basis.put("kind", "deny-rule");
      basis.putArray("rules").add(deny.ruleIndex());
    } else if (decision.basis() instanceof DecisionBasis.AllowRules allow) {
      basis.put("kind", "allow-rules");
      ArrayNode rules = basis.putArray("rules");
      allow.ruleIndexes().forEach(rules::add);
    } else {
      basis.put("kind", "default-deny");
      basis.putArray("rules");
    }
    ArrayNode uncovered = root.putArray("uncoveredCapabilities");
    decision.uncoveredCapabilities().stream().sorted().forEach(uncovered::add);
    ArrayNode rules = root.putArray("rules");
    for (RuleExplanation rule : decision.rules()) {
      ObjectNode node = rules.addObject();
      node.put("index", rule.index());
      node.put("effect", rule.effect().spelling());
      ArrayNode caps = node.putArray("capabilities");
      policy.document().rules().get(rule.index()).capabilities().forEach(caps::add);
      node.put("outcome", rule.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      node.put("detail", rule.detail());
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }
}
