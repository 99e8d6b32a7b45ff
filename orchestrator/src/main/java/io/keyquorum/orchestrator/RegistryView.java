package io.keyquorum.orchestrator;

import io.keyquorum.registry.CommandOutcome;
import io.keyquorum.registry.Registry;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.SignedCommand;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The orchestrator's window on the registry: a replica's latest committed snapshot, and a way to
 * submit commands. The orchestrator holds no other state, so any replica (a local {@link
 * Registry}, or a BFT learner) can stand behind it.
 */
public interface RegistryView {
  /** The latest committed snapshot; never blocks. */
  RegistryState state();

  /** Submits a signed command; completes once it is committed and applied, with its outcome. */
  CompletableFuture<CommandOutcome> submit(SignedCommand command);

  /** A view over a local replica. */
  static RegistryView of(Registry registry) {
    Objects.requireNonNull(registry, "registry");
    return new RegistryView() {
      @Override
      public RegistryState state() {
        return registry.state();
      }

      @Override
      public CompletableFuture<CommandOutcome> submit(SignedCommand command) {
        return registry.submit(command);
      }
    };
  }
}
