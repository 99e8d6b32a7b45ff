package io.keyquorum.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * An attestor-local policy at one moment: either a compiled policy in force, or the reason the
 * operator's file is not in force (it does not parse or compile, it is unreadable or too large).
 * There is no third state: while the file is broken nothing is in force, and whoever applies the
 * local policy must deny (fail closed), so that a broken edit can never open the attestor.
 *
 * @param policy the policy in force; empty exactly when {@code error} is present
 * @param error why the file is not in force, for status, metrics and denials
 */
public record LocalPolicyState(Optional<CompiledPolicy> policy, Optional<String> error) {
  public LocalPolicyState {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(error, "error");
    if (policy.isPresent() == error.isPresent()) {
      throw new IllegalArgumentException("exactly one of policy and error");
    }
  }

  public static LocalPolicyState inForce(CompiledPolicy policy) {
    return new LocalPolicyState(Optional.of(policy), Optional.empty());
  }

  public static LocalPolicyState broken(String error) {
    return new LocalPolicyState(Optional.empty(), Optional.of(error));
  }
}
