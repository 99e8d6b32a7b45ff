package io.keyquorum.policy;

import dev.cel.runtime.CelEvaluationException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A policy compiled once and evaluated many times; immutable and thread-safe.
 *
 * <p>Semantics: default deny; any matching deny rule wins over every allow; otherwise the request
 * is allowed only if every requested capability is covered by some matching allow rule. A rule
 * applies only when it covers at least one requested capability (a rule without capabilities
 * covers all). A condition that errors (missing map key, failed conversion, cost limit) fails
 * closed: an erroring allow rule does not allow, and an erroring deny rule denies unless it says
 * {@code onError: skip}; the explanation names the rule and its error. Otherwise a client could
 * switch a deny rule off by sending context that makes its condition error. Evaluation itself
 * never throws.
 */
public final class CompiledPolicy {
  private final PolicyDocument document;
  private final List<CompiledRule> rules;
  private final List<PolicyWarning> warnings;

  CompiledPolicy(PolicyDocument document, List<CompiledRule> rules, List<PolicyWarning> warnings) {
    this.document = Objects.requireNonNull(document, "document");
    this.rules = List.copyOf(rules);
    this.warnings = List.copyOf(warnings);
  }

  CompiledPolicy withWarnings(List<PolicyWarning> located) {
    return new CompiledPolicy(document, rules, located);
  }

  /** The policy's name. */
  public String name() {
    return document.name();
  }

  /**
   * What the compile-time check found in deny rules that can error on what a client sends (see
   * {@link DenyRuleCheck}); empty when nothing. Warnings never stop a policy from loading.
   */
  public List<PolicyWarning> warnings() {
    return warnings;
  }

  /** The document this policy was compiled from. */
  public PolicyDocument document() {
    return document;
  }

  /**
   * Decides {@code input}. When the request carries no time, {@code clock} supplies
   * {@code request.time}.
   */
  public Decision evaluate(PolicyInput input, Clock clock) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(clock, "clock");
    Instant time = input.request().time().orElseGet(clock::instant);
    Map<String, Object> activation = PolicyVariables.activation(input, time);
    List<String> requested = input.request().capabilities();

    List<RuleExplanation> explanations = new ArrayList<>(rules.size());
    Integer firstDeny = null;
    List<Integer> allowRules = new ArrayList<>();
    Set<String> uncovered = new LinkedHashSet<>(requested);
    for (CompiledRule compiled : rules) {
      PolicyRule rule = compiled.rule();
      RuleExplanation explanation = evaluateRule(compiled, requested, activation);
      explanations.add(explanation);
      boolean errorDenies =
          explanation.outcome() == RuleOutcome.ERROR && rule.denialOnError();
      if (explanation.outcome() != RuleOutcome.MATCHED && !errorDenies) {
        continue;
      }
      if (rule.effect() == Effect.DENY) {
        if (firstDeny == null) {
          firstDeny = compiled.index();
        }
      } else {
        // A matched rule applies, so it covers at least one requested capability.
        uncovered.removeIf(rule::covers);
        allowRules.add(compiled.index());
      }
    }
    DecisionBasis basis;
    if (firstDeny != null) {
      basis = new DecisionBasis.DenyRule(firstDeny);
    } else if (uncovered.isEmpty() && !allowRules.isEmpty()) {
      basis = new DecisionBasis.AllowRules(allowRules);
    } else {
      basis = new DecisionBasis.DefaultDeny();
    }
    return new Decision(document.name(), time, basis, explanations, new TreeSet<>(uncovered));
  }

  private static boolean appliesTo(PolicyRule rule, List<String> requested) {
    for (String capability : requested) {
      if (rule.covers(capability)) {
        return true;
      }
    }
    return false;
  }

  private static RuleExplanation evaluateRule(
      CompiledRule compiled, List<String> requested, Map<String, Object> activation) {
    PolicyRule rule = compiled.rule();
    int index = compiled.index();
    if (!appliesTo(rule, requested)) {
      return new RuleExplanation(
          index,
          rule.effect(),
          RuleOutcome.NOT_APPLICABLE,
          "none of its capabilities " + rule.capabilities() + " was requested");
    }
    Object result;
    try {
      result = compiled.condition().eval(activation);
    } catch (CelEvaluationException e) {
      return error(rule, index, EvaluationErrors.describe(e, rule.when()));
    } catch (RuntimeException e) {
      // Any fault inside CEL is this rule's fault, never the caller's: it must not match.
      return error(rule, index, "internal evaluation error: " + e);
    }
    if (Boolean.TRUE.equals(result)) {
      return new RuleExplanation(index, rule.effect(), RuleOutcome.MATCHED, "condition is true");
    }
    if (Boolean.FALSE.equals(result)) {
      return new RuleExplanation(
          index, rule.effect(), RuleOutcome.NOT_MATCHED, "condition is false");
    }
    return error(rule, index, "condition did not yield a bool: " + result);
  }

  /** An erroring rule's explanation: the error, and for a deny rule what the error did. */
  private static RuleExplanation error(PolicyRule rule, int index, String error) {
    String detail = error;
    if (rule.effect() == Effect.DENY) {
      detail += rule.denialOnError()
          ? "; the rule denies because its condition failed (onError: deny)"
          : "; the rule is skipped because its condition failed (onError: skip)";
    }
    return new RuleExplanation(index, rule.effect(), RuleOutcome.ERROR, detail);
  }
}
