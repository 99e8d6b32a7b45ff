package io.keyquorum.policy;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One rule of a policy document, as written (not yet compiled).
 *
 * @param effect allow or deny
 * @param capabilities the capabilities the rule speaks about; empty means every capability
 * @param when the CEL condition; {@code "true"} when the document omits it
 */
public record PolicyRule(Effect effect, Set<String> capabilities, String when) {
  /** The condition used when a rule has no {@code when}. */
  public static final String ALWAYS = "true";

  public PolicyRule {
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(capabilities, "capabilities");
    Objects.requireNonNull(when, "when");
    if (capabilities.size() > PolicyLimits.MAX_RULE_CAPABILITIES) {
      throw new IllegalArgumentException(
          "at most " + PolicyLimits.MAX_RULE_CAPABILITIES + " capabilities per rule");
    }
    for (String capability : capabilities) {
      Capabilities.requireValid(capability);
    }
    if (when.isBlank()) {
      throw new IllegalArgumentException("when must not be blank; omit it to match always");
    }
    // Sorted so that explanations and encodings are stable.
    capabilities = Collections.unmodifiableSortedSet(new TreeSet<>(capabilities));
  }

  /** True when this rule speaks about {@code capability}. */
  public boolean covers(String capability) {
    return capabilities.isEmpty() || capabilities.contains(capability);
  }
}
