package io.keyquorum.registry;

import static io.keyquorum.registry.Commands.applyAll;
import static io.keyquorum.registry.TestNetwork.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.registry.command.KeyState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An admin's signed issued-at is a client-chosen time: backdating the schedule and post-dating the
 * destruction must not get a key destroyed (issue 13, item 4). Only the committed block time
 * counts (see {@link DeletionTimeTest}); here there is none, so nothing is ever due.
 */
class PostDatedDeletionTest {
  private static final long DAY = 24L * 60 * 60 * 1000;

  @Test
  void backdatedScheduleAndPostDatedDestroy_isRefused() {
    RegistryStateMachine machine = new RegistryStateMachine();
    TestNetwork net = new TestNetwork();
    RegistryState s = applyAll(machine, applyAll(machine, net.empty(), net.bootstrap()), net.enabledKey("k-1", "payments"));
    s = applyAll(machine, s, List.of(net.setState("k-1", KeyState.PENDING_DELETION, T0 - 23 * DAY, T0 - 30 * DAY)));
    ApplyResult r = machine.apply(s, net.setState("k-1", KeyState.DESTROYED, 0, T0 + 8 * DAY).encode());
    assertThat(r.rejection()).as("destroyed on the strength of the admin's own clock").isPresent();
    assertThat(r.rejection().get().code()).isEqualTo(RejectionCode.DELETION_NOT_DUE);
    assertThat(r.state().key("k-1").orElseThrow().state()).isEqualTo(KeyState.PENDING_DELETION);
  }
}
