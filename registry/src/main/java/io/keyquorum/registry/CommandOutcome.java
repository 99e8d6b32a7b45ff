package io.keyquorum.registry;

import io.keyquorum.registry.log.CommitReceipt;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of a submitted command: where it was committed and, if the state machine refused
 * it, why. A committed command can still be rejected; committing only fixes its order.
 */
public record CommandOutcome(CommitReceipt receipt, Optional<Rejection> rejection) {
  public CommandOutcome {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(rejection, "rejection");
  }

  public boolean accepted() {
    return rejection.isEmpty();
  }
}
