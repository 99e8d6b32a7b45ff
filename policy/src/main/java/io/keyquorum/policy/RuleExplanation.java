package io.keyquorum.policy;

import java.util.Objects;

/**
 * Why one rule did or did not match.
 *
 * @param index the rule's 0-based position in its document
 * @param effect the rule's effect
 * @param outcome what happened to it
 * @param detail a short human reason; for {@link RuleOutcome#ERROR}, the CEL error message
 */
public record RuleExplanation(int index, Effect effect, RuleOutcome outcome, String detail) {
  public RuleExplanation {
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0");
    }
  }
}
