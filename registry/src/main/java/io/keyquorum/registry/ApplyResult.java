package io.keyquorum.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of applying one command: the next state, and the rejection if the command did not
 * take effect (in which case the state is the unchanged input).
 */
public record ApplyResult(RegistryState state, Optional<Rejection> rejection) {
  public ApplyResult {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(rejection, "rejection");
  }

  static ApplyResult accepted(RegistryState next) {
    return new ApplyResult(next, Optional.empty());
  }

  static ApplyResult rejected(RegistryState unchanged, Rejection rejection) {
    return new ApplyResult(unchanged, Optional.of(rejection));
  }

  public boolean accepted() {
    return rejection.isEmpty();
  }
}
