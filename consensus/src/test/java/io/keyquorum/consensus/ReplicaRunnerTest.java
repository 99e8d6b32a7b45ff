package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Four replicas, each on its own real scheduler thread, over an in-process network. */
class ReplicaRunnerTest {
  private final List<ReplicaRunner> runners = new ArrayList<>();

  @AfterEach
  void stop() {
    runners.forEach(ReplicaRunner::close);
  }

  @Test
  void replicasOnRealThreads_commitSubmittedCommandsExactlyOnce() throws Exception {
    TestKeys keys = new TestKeys(4, 55);
    Map<Integer, List<String>> committed = new ConcurrentHashMap<>();
    ReplicaRunner[] byIndex = new ReplicaRunner[4];
    for (int i = 0; i < 4; i++) {
      int self = i;
      committed.put(i, new CopyOnWriteArrayList<>());
      ReplicaNetwork net = new ReplicaNetwork() {
        @Override
        public void send(int to, byte[] message) {
          byIndex[to].deliver(self, message);
        }

        @Override
        public void broadcast(byte[] message) {
          for (int to = 0; to < 4; to++) {
            if (to != self) {
              byIndex[to].deliver(self, message);
            }
          }
        }
      };
      Replica r = new Replica(i, keys.key(i), keys.replicas, new InMemoryBlockStore(), net,
          b -> b.commands().forEach(c -> committed.get(self).add(new String(c))), new ReplicaConfig(200, 3, 1 << 16, 1000, 16L << 20),
          SignatureVerifier.ED25519);
      byIndex[i] = new ReplicaRunner(r, System::currentTimeMillis, 10);
      runners.add(byIndex[i]);
    }
    assertThat(byIndex[0].submit("a".getBytes()).get()).isTrue();
    byIndex[2].submit("b".getBytes()).get();
    byIndex[3].submit("b".getBytes()).get();
    await().atMost(Duration.ofSeconds(30)).until(() -> committed.values().stream().allMatch(l -> l.size() >= 2));
    for (List<String> l : committed.values()) {
      assertThat(l).containsExactlyInAnyOrder("a", "b");
    }
    assertThat(byIndex[1].committedHeight().get()).isGreaterThanOrEqualTo(1);
  }
}
