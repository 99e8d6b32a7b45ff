package io.keyquorum.registry;

import static io.keyquorum.registry.Commands.applyAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.SignedCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes a Byzantine leader commits, apply never throws and never changes the state
 * unless the bytes are a validly signed, authorized command.
 */
class HostileCommandsTest {
  private static final Set<RejectionCode> TAMPER_CODES = EnumSet.of(RejectionCode.MALFORMED,
      RejectionCode.BAD_SIGNATURE, RejectionCode.UNAUTHORIZED);

  @Test
  void mutatedAndTruncatedCommands_areRejectedWithoutThrowing() {
    TestNetwork net = new TestNetwork();
    RegistryStateMachine machine = new RegistryStateMachine();
    RegistryState state = applyAll(machine, net.empty(), net.bootstrap());
    state = applyAll(machine, state, net.enabledKey("k-1", "alias-a"));
    List<SignedCommand> valid = new ArrayList<>(List.of(
        net.createKey("k-2", "alias-b"),
        net.rotate("k-1", 2, TestNetwork.ATTESTORS, 2),
        net.setState("k-1", KeyState.DISABLED, 0, TestNetwork.T0),
        net.updatePolicy("k-1", 1, "policy: v2\n"),
        net.registerClient(net.client("outsider", List.of(), true))));
    for (SignedCommand c : valid) {
      assertThat(machine.apply(state, c.encode()).accepted()).as("unmutated %s", c).isTrue();
    }
    Random random = new Random(11);
    int checked = 0;
    for (SignedCommand c : valid) {
      byte[] wire = c.encode();
      for (int i = 0; i < 150; i++) {
        byte[] bad;
        if (i % 3 == 0) {
          bad = Arrays.copyOf(wire, random.nextInt(wire.length));
        } else {
          bad = wire.clone();
          bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
        }
        ApplyResult r = machine.apply(state, bad);
        assertThat(r.rejection()).as("mutation %d of %s", i, c.type()).isPresent();
        assertThat(TAMPER_CODES).contains(r.rejection().get().code());
        assertThat(r.state()).isSameAs(state);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(750);
  }
}
