package io.keyquorum.registry;

import static io.keyquorum.registry.Commands.applyAll;
import static io.keyquorum.registry.TestNetwork.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.SignedCommand;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (from, to) pair of the key state table, allowed and refused. */
class KeyStateTransitionsTest {
  private static final long DAY = 24L * 60 * 60 * 1000;
  private static final long DELETION_DATE = T0 + 8 * DAY;
  private static final List<KeyState> REQUESTABLE =
      List.of(KeyState.ENABLED, KeyState.DISABLED, KeyState.PENDING_DELETION, KeyState.DESTROYED);

  private final RegistryStateMachine machine = new RegistryStateMachine();

  /** A starting state, named, with how the test network reaches it. */
  enum Start { PENDING_ACKS, ENABLED, DISABLED, DELETION_FROM_ENABLED, DELETION_FROM_DISABLED, FAILED, DESTROYED }

  static Stream<Arguments> everyPair() {
    List<Arguments> out = new ArrayList<>();
    for (Start from : Start.values()) {
      for (KeyState to : REQUESTABLE) {
        out.add(Arguments.of(from, to, expectedAllowed(from, to)));
      }
    }
    return out.stream();
  }

  /** The README's table, restated independently of the code under test. */
  private static boolean expectedAllowed(Start from, KeyState to) {
    return switch (from) {
      case PENDING_ACKS, FAILED -> to == KeyState.DESTROYED;
      case ENABLED -> to == KeyState.DISABLED || to == KeyState.PENDING_DELETION;
      case DISABLED -> to == KeyState.ENABLED || to == KeyState.PENDING_DELETION;
      case DELETION_FROM_ENABLED -> to == KeyState.ENABLED || to == KeyState.DESTROYED;
      case DELETION_FROM_DISABLED -> to == KeyState.DISABLED || to == KeyState.DESTROYED;
      case DESTROYED -> false;
    };
  }

  @ParameterizedTest(name = "{0} -> {1}: allowed={2}")
  @MethodSource("everyPair")
  void transition_followsTheTable(Start from, KeyState to, boolean allowed) {
    TestNetwork net = new TestNetwork();
    RegistryState s = reach(net, from);
    KeyState before = s.key("k-1").orElseThrow().state();
    long deletionDate = to == KeyState.PENDING_DELETION ? DELETION_DATE : 0;
    // Destruction requests commit on the deletion date, so only the table can refuse them.
    long issuedAt = to == KeyState.DESTROYED ? DELETION_DATE : T0;
    ApplyResult r = machine.apply(s, issuedAt, net.setState("k-1", to, deletionDate, issuedAt).encode());
    assertThat(r.accepted()).as("%s -> %s: %s", from, to, r.rejection()).isEqualTo(allowed);
    KeyState after = r.state().key("k-1").orElseThrow().state();
    if (allowed) {
      assertThat(after).isEqualTo(to);
    } else {
      assertThat(r.rejection().orElseThrow().code()).isEqualTo(RejectionCode.ILLEGAL_TRANSITION);
      assertThat(after).isEqualTo(before);
    }
  }

  @Test
  void tableNamesEveryState() {
    assertThat(KeyStateTransitions.REQUESTED.keySet()).isEqualTo(EnumSet.allOf(KeyState.class));
    assertThat(KeyStateTransitions.REQUESTED.get(KeyState.DESTROYED)).isEmpty();
  }

  @Test
  void destroyBeforeDeletionDate_isRefused() {
    TestNetwork net = new TestNetwork();
    RegistryState s = reach(net, Start.DELETION_FROM_ENABLED);
    ApplyResult r = machine.apply(s, DELETION_DATE - 1, net.setState("k-1", KeyState.DESTROYED, 0, DELETION_DATE - 1).encode());
    assertThat(r.rejection().orElseThrow().code()).isEqualTo(RejectionCode.DELETION_NOT_DUE);
  }

  @Test
  void deletionDateUnderSevenDays_isRefused() {
    TestNetwork net = new TestNetwork();
    RegistryState s = reach(net, Start.ENABLED);
    ApplyResult r = machine.apply(s, net.setState("k-1", KeyState.PENDING_DELETION, T0 + 6 * DAY, T0).encode());
    assertThat(r.rejection().orElseThrow().code()).isEqualTo(RejectionCode.DELETION_TOO_SOON);
  }

  @Test
  void receiptsForDestroyedKey_areRefused() {
    TestNetwork net = new TestNetwork();
    RegistryState s = applyAll(machine, net.empty(), net.bootstrap());
    s = applyAll(machine, s, List.of(net.createKey("k-1", "alias-k"),
        net.setState("k-1", KeyState.DESTROYED, 0, T0)));
    ApplyResult r = machine.apply(s, net.ack("attestor-1", "k-1", 1).encode());
    assertThat(r.rejection().orElseThrow().code()).isEqualTo(RejectionCode.KEY_DESTROYED);
  }

  /** Reaches {@code from} in blocks committed at T0 (destruction, when it is due, at the deletion date). */
  private RegistryState reach(TestNetwork net, Start from) {
    RegistryState s = applyAll(machine, net.empty(), net.bootstrap());
    List<SignedCommand> steps = new ArrayList<>();
    switch (from) {
      case PENDING_ACKS -> steps.add(net.createKey("k-1", "alias-k"));
      case FAILED -> {
        steps.add(net.createKey("k-1", "alias-k"));
        steps.add(net.complaint("attestor-2", "k-1", 1));
      }
      default -> steps.addAll(net.enabledKey("k-1", "alias-k"));
    }
    switch (from) {
      case DISABLED -> steps.add(net.setState("k-1", KeyState.DISABLED, 0, T0));
      case DELETION_FROM_ENABLED -> steps.add(net.setState("k-1", KeyState.PENDING_DELETION, DELETION_DATE, T0));
      case DELETION_FROM_DISABLED -> {
        steps.add(net.setState("k-1", KeyState.DISABLED, 0, T0));
        steps.add(net.setState("k-1", KeyState.PENDING_DELETION, DELETION_DATE, T0));
      }
      case DESTROYED -> {
        steps.add(net.setState("k-1", KeyState.PENDING_DELETION, DELETION_DATE, T0));
        return applyAll(machine, applyAll(machine, s, T0, steps), DELETION_DATE,
            List.of(net.setState("k-1", KeyState.DESTROYED, 0, DELETION_DATE)));
      }
      default -> { }
    }
    return applyAll(machine, s, T0, steps);
  }
}
