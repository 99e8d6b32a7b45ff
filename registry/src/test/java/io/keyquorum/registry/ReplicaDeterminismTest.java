package io.keyquorum.registry;

import static io.keyquorum.registry.TestNetwork.ATTESTORS;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.registry.command.ClientRecord;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.SignedCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Independent replicas applying the same committed bytes reach the same states and the same
 * rejections, including for forged, tampered, replayed and illegal commands.
 */
class ReplicaDeterminismTest {
  private static final KeyState[] TARGETS =
      {KeyState.ENABLED, KeyState.DISABLED, KeyState.PENDING_DELETION, KeyState.DESTROYED};

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void sameLog_sameStatesAndRejections_onEveryReplica(long seed) {
    List<byte[]> log = randomLog(seed, 160);
    int replicas = 3;
    List<List<Optional<Rejection>>> outcomes = new ArrayList<>();
    List<byte[]> digests = new ArrayList<>();
    List<List<String>> perStepDigests = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      RegistryStateMachine machine = new RegistryStateMachine();
      RegistryState state = new TestNetwork().empty();
      List<Optional<Rejection>> mine = new ArrayList<>();
      List<String> steps = new ArrayList<>();
      for (int i = 0; i < log.size(); i++) {
        state = state.withHeight(i + 1);
        ApplyResult result = machine.apply(state, log.get(i).clone());
        mine.add(result.rejection());
        state = result.state();
        if (i % 20 == 0) {
          steps.add(java.util.HexFormat.of().formatHex(state.digest()));
        }
      }
      outcomes.add(mine);
      digests.add(state.digest());
      perStepDigests.add(steps);
    }
    for (int r = 1; r < replicas; r++) {
      assertThat(outcomes.get(r)).isEqualTo(outcomes.get(0));
      assertThat(perStepDigests.get(r)).isEqualTo(perStepDigests.get(0));
      assertThat(digests.get(r)).isEqualTo(digests.get(0));
    }
    long accepted = outcomes.get(0).stream().filter(Optional::isEmpty).count();
    assertThat(accepted).as("the scenario exercises both outcomes").isBetween(20L, log.size() - 20L);
  }

  @Test
  void mapInsertionOrder_doesNotChangeTheDigest() {
    TestNetwork a = new TestNetwork();
    TestNetwork b = new TestNetwork();
    Map<String, String> ascending = new LinkedHashMap<>();
    Map<String, String> descending = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      ascending.put("attr-" + i, "v" + i);
    }
    for (int i = 19; i >= 0; i--) {
      descending.put("attr-" + i, "v" + i);
    }
    RegistryState sa = Commands.applyAll(new RegistryStateMachine(), a.empty(), List.of(a.genesis(),
        register(a, new ClientRecord("outsider", a.key("outsider").publicKey(), List.of(), ascending, true))));
    RegistryState sb = Commands.applyAll(new RegistryStateMachine(), b.empty(), List.of(b.genesis(),
        register(b, new ClientRecord("outsider", b.key("outsider").publicKey(), List.of(), new HashMap<>(descending), true))));
    assertThat(sa.digest()).isEqualTo(sb.digest());
  }

  private static SignedCommand register(TestNetwork net, ClientRecord client) {
    return SignedCommand.sign(new RegisterClient(net.header(TestNetwork.FOUNDER), client), net.key(TestNetwork.FOUNDER));
  }

  /** A seeded mix of valid commands and every kind of bad one. */
  private static List<byte[]> randomLog(long seed, int length) {
    Random random = new Random(seed);
    TestNetwork net = new TestNetwork();
    List<byte[]> log = new ArrayList<>();
    net.bootstrap().forEach(c -> log.add(c.encode()));
    List<String> keys = new ArrayList<>();
    List<SignedCommand> sent = new ArrayList<>();
    while (log.size() < length) {
      String key = keys.isEmpty() ? "k-0" : keys.get(random.nextInt(keys.size()));
      String attestor = ATTESTORS.get(random.nextInt(ATTESTORS.size()));
      SignedCommand c;
      int action = random.nextInt(100);
      if (action < 12) {
        String id = "k-" + keys.size();
        keys.add(id);
        c = net.createKey(id, "alias-" + random.nextInt(keys.size() + 2));
      } else if (action < 50) {
        c = net.ack(attestor, key, 1 + random.nextInt(3));
      } else if (action < 54) {
        c = net.complaint(attestor, key, 1 + random.nextInt(3));
      } else if (action < 70) {
        KeyState target = TARGETS[random.nextInt(TARGETS.length)];
        long t0 = TestNetwork.T0 + random.nextInt(3) * 4L * 24 * 3600 * 1000;
        c = net.setState(key, target, target == KeyState.PENDING_DELETION ? t0 + 8L * 24 * 3600 * 1000 : 0, t0 + 1);
      } else if (action < 78) {
        c = net.updatePolicy(key, 1 + random.nextInt(3), "policy: p" + random.nextInt(5) + "\n");
      } else if (action < 84) {
        c = net.rotate(key, 2 + random.nextInt(2), ATTESTORS.subList(0, 2 + random.nextInt(3)), 2);
      } else if (action < 88 && !sent.isEmpty()) {
        log.add(sent.get(random.nextInt(sent.size())).encode()); // replay
        continue;
      } else if (action < 92 && !sent.isEmpty()) {
        SignedCommand victim = sent.get(random.nextInt(sent.size()));
        byte[] payload = victim.envelope().payload();
        payload[random.nextInt(payload.length)] ^= 0x10;
        log.add(SignedCommand.of(victim.type(), victim.authorId(),
            SignedEnvelope.of(payload, victim.envelope().signature())).encode());
        continue;
      } else if (action < 96) {
        c = SignedCommand.sign(new RegisterClient(net.header("outsider"), net.client("outsider", List.of("admin"), true)),
            net.key("outsider"));
      } else {
        byte[] garbage = new byte[random.nextInt(64)];
        random.nextBytes(garbage);
        log.add(garbage);
        continue;
      }
      sent.add(c);
      log.add(c.encode());
    }
    return log;
  }
}
