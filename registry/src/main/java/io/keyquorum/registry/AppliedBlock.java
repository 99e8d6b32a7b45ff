package io.keyquorum.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The state after one committed block, and each of its commands' outcome (empty = accepted), in order. */
public record AppliedBlock(RegistryState state, List<Optional<Rejection>> outcomes) {
  public AppliedBlock {
    Objects.requireNonNull(state, "state");
    outcomes = List.copyOf(outcomes);
  }

  /** True if the block's every command was accepted. */
  public boolean allAccepted() {
    return outcomes.stream().allMatch(Optional::isEmpty);
  }
}
