package io.keyquorum.policy;

import dev.cel.runtime.CelRuntime;
import java.util.Objects;

/** One rule with its condition compiled into a reusable, thread-safe CEL program. */
record CompiledRule(int index, PolicyRule rule, CelRuntime.Program condition) {
  CompiledRule {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(condition, "condition");
  }
}
