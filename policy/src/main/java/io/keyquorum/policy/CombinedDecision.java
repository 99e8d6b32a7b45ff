package io.keyquorum.policy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The key's policy and the attestor's local policy, evaluated on the same request. The request
 * is allowed only when both allow: the local operator can narrow a key policy, never widen it.
 */
public record CombinedDecision(Decision keyPolicy, Decision localPolicy) {
  /** Which of the two policies a denial came from. */
  public enum Layer {
    KEY_POLICY,
    LOCAL_POLICY
  }

  public CombinedDecision {
    Objects.requireNonNull(keyPolicy, "keyPolicy");
    Objects.requireNonNull(localPolicy, "localPolicy");
  }

  /** Evaluates both policies on {@code input}, each with the same clock reading. */
  public static CombinedDecision evaluate(
      CompiledPolicy keyPolicy, CompiledPolicy localPolicy, PolicyInput input, Clock clock) {
    // One instant for both, so a request at 05:59:59.999 cannot pass one and fail the other.
    Clock frozen = Clock.fixed(clock.instant(), clock.getZone());
    return new CombinedDecision(
        keyPolicy.evaluate(input, frozen), localPolicy.evaluate(input, frozen));
  }

  public boolean allowed() {
    return keyPolicy.allowed() && localPolicy.allowed();
  }

  /** The layers that denied, in order key then local; empty when allowed. */
  public List<Layer> deniedBy() {
    List<Layer> denied = new ArrayList<>(2);
    if (!keyPolicy.allowed()) {
      denied.add(Layer.KEY_POLICY);
    }
    if (!localPolicy.allowed()) {
      denied.add(Layer.LOCAL_POLICY);
    }
    return List.copyOf(denied);
  }
}
