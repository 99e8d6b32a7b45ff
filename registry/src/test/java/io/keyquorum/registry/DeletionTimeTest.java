package io.keyquorum.registry;

import static io.keyquorum.registry.Commands.applyAll;
import static io.keyquorum.registry.TestNetwork.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.log.InMemoryReplicatedLog;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The 7-day deletion delay is measured on the committed block time, never on a time a command
 * carries (issue 13, item 4): a backdated or post-dated issued-at cannot shorten it.
 */
class DeletionTimeTest {
  private static final long DAY = 24L * 60 * 60 * 1000;
  private final RegistryStateMachine machine = new RegistryStateMachine();
  private TestNetwork net;
  private RegistryState enabled;

  @BeforeEach
  void enabledKey() {
    net = new TestNetwork();
    enabled = applyAll(machine, applyAll(machine, net.empty(), net.bootstrap()), T0, net.enabledKey("k-1", "payments"));
  }

  @Test
  void deletionDate_comesFromCommittedBlockTime() {
    // The admin asks for T0 + 7 days, but the command commits 30 days later: the delay still runs from the commit.
    long committedAt = T0 + 30 * DAY;
    RegistryState s = applyAll(machine, enabled, committedAt,
        List.of(net.setState("k-1", KeyState.PENDING_DELETION, T0 + 7 * DAY, T0)));
    assertThat(s.key("k-1").orElseThrow().deletionDateMillis()).isEqualTo(committedAt + 7 * DAY);
  }

  @Test
  void laterDateAskedByAdmin_isKept() {
    RegistryState s = applyAll(machine, enabled, T0, List.of(net.setState("k-1", KeyState.PENDING_DELETION, T0 + 20 * DAY, T0)));
    assertThat(s.key("k-1").orElseThrow().deletionDateMillis()).isEqualTo(T0 + 20 * DAY);
  }

  @Test
  void backdatedIssuedAt_cannotShortenTheDelay() {
    // Scheduled with a command claiming to be 30 days old, then destroyed by one claiming to be 8 days ahead.
    RegistryState s = applyAll(machine, enabled, T0,
        List.of(net.setState("k-1", KeyState.PENDING_DELETION, T0 - 23 * DAY, T0 - 30 * DAY)));
    ApplyResult early = machine.apply(s, T0 + DAY, net.setState("k-1", KeyState.DESTROYED, 0, T0 + 8 * DAY).encode());
    assertThat(early.rejection().orElseThrow().code()).isEqualTo(RejectionCode.DELETION_NOT_DUE);
    assertThat(early.state().key("k-1").orElseThrow().state()).isEqualTo(KeyState.PENDING_DELETION);
  }

  @Test
  void registry_datesDeletionFromTheLogsBlockTime() {
    AtomicLong clock = new AtomicLong(T0);
    try (Registry registry = new Registry(new InMemoryReplicatedLog(clock::get), net.empty())) {
      List<SignedCommand> setup = new java.util.ArrayList<>(net.bootstrap());
      setup.addAll(net.enabledKey("k-2", "orders"));
      setup.forEach(c -> assertThat(registry.submit(c).join().accepted()).isTrue());
      clock.set(T0 + DAY);
      // Asks for a date 7 days after a claimed issue time a month back: the log's time wins.
      assertThat(registry.submit(net.setState("k-2", KeyState.PENDING_DELETION, T0 - 23 * DAY, T0 - 30 * DAY))
          .join().accepted()).isTrue();
      assertThat(registry.state().key("k-2").orElseThrow().deletionDateMillis()).isEqualTo(T0 + 8 * DAY);
      clock.set(T0 + 8 * DAY - 1);
      assertThat(registry.submit(net.setState("k-2", KeyState.DESTROYED, 0, T0 + 30 * DAY)).join().rejection())
          .get().extracting(Rejection::code).isEqualTo(RejectionCode.DELETION_NOT_DUE);
      clock.set(T0 + 8 * DAY);
      assertThat(registry.submit(net.setState("k-2", KeyState.DESTROYED, 0, T0)).join().accepted()).isTrue();
    }
  }

  @Test
  void destroy_isAcceptedOnceCommittedTimePassesTheDate() {
    RegistryState s = applyAll(machine, enabled, T0, List.of(net.setState("k-1", KeyState.PENDING_DELETION, T0 + 7 * DAY, T0)));
    ApplyResult due = machine.apply(s, T0 + 7 * DAY, net.setState("k-1", KeyState.DESTROYED, 0, T0).encode());
    assertThat(due.rejection()).isEmpty();
    assertThat(due.state().key("k-1").orElseThrow().state()).isEqualTo(KeyState.DESTROYED);
  }
}
