package io.keyquorum.policy;

import java.util.OptionalInt;

/**
 * A policy document was refused at load or upload: it is malformed, over a limit, or one of
 * its {@code when} expressions does not compile. The message names the rule index (when the
 * fault is in a rule) and, for CEL errors, the line:column inside the expression.
 */
public final class InvalidPolicyException extends Exception {
  private final int ruleIndex;

  /** A fault in the document as a whole (size, syntax, name, rule count). */
  public InvalidPolicyException(String message) {
    super(message);
    this.ruleIndex = -1;
  }

  /** A fault in rule {@code ruleIndex} (0-based). */
  public InvalidPolicyException(int ruleIndex, String message) {
    super("rule " + ruleIndex + ": " + message);
    if (ruleIndex < 0) {
      throw new IllegalArgumentException("rule index must be >= 0");
    }
    this.ruleIndex = ruleIndex;
  }

  /** The 0-based index of the faulty rule, empty when the fault is in the document as a whole. */
  public OptionalInt ruleIndex() {
    return ruleIndex < 0 ? OptionalInt.empty() : OptionalInt.of(ruleIndex);
  }
}
