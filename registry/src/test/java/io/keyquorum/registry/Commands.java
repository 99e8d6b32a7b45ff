package io.keyquorum.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.registry.command.SignedCommand;
import java.util.List;

/** Applies commands in order, as tests need to, asserting each one's outcome. */
final class Commands {
  private Commands() {}

  static RegistryState applyAll(RegistryStateMachine machine, RegistryState state, List<SignedCommand> commands) {
    return applyAll(machine, state, 0, commands);
  }

  /** As committed in blocks whose time is {@code blockTimeMillis}. */
  static RegistryState applyAll(RegistryStateMachine machine, RegistryState state, long blockTimeMillis,
      List<SignedCommand> commands) {
    for (SignedCommand c : commands) {
      ApplyResult r = machine.apply(state, blockTimeMillis, c.encode());
      assertThat(r.rejection()).as("%s", c).isEmpty();
      state = r.state();
    }
    return state;
  }

  static Rejection rejection(RegistryStateMachine machine, RegistryState state, SignedCommand command) {
    ApplyResult r = machine.apply(state, command.encode());
    assertThat(r.rejection()).as("%s should be rejected", command).isPresent();
    assertThat(r.state()).isSameAs(state);
    return r.rejection().get();
  }
}
