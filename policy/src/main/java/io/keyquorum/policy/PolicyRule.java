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
 * @param onError what an error in {@code when} does; {@link OnError#SKIP} only on a deny rule
 */
public record PolicyRule(Effect effect, Set<String> capabilities, String when, OnError onError) {
  /** The condition used when a rule has no {@code when}. */
  public static final String ALWAYS = "true";

  public PolicyRule {
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(capabilities, "capabilities");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(onError, "onError");
    if (effect == Effect.ALLOW && onError != OnError.DENY) {
      // An erroring allow rule never allows; "skip" would mean nothing different, so refuse it
      // rather than let an author believe it changes something.
      throw new IllegalArgumentException("onError: only deny rules take onError");
    }
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

  /** A rule that fails closed on error (the default). */
  public PolicyRule(Effect effect, Set<String> capabilities, String when) {
    this(effect, capabilities, when, OnError.DENY);
  }

  /** True when an error in this rule's condition denies the request. */
  public boolean denialOnError() {
    return effect == Effect.DENY && onError == OnError.DENY;
  }

  /** True when this rule speaks about {@code capability}. */
  public boolean covers(String capability) {
    return capabilities.isEmpty() || capabilities.contains(capability);
  }
}
