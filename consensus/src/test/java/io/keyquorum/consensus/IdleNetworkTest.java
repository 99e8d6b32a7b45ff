package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Four honest replicas on a clean simulated network. */
class IdleNetworkTest {
  private final TestKeys keys = new TestKeys(4, 66);
  private final SimWorld world = new SimWorld(4, new Random(1), new SimWorld.Faults(0, 0, 10, 0, Set.of(), 0, 0));
  private final List<InMemoryBlockStore> stores = new ArrayList<>();
  private final List<Replica> replicas = new ArrayList<>();
  private final List<List<CommittedBlock>> commits = new ArrayList<>();

  IdleNetworkTest() {
    for (int i = 0; i < 4; i++) {
      int self = i;
      stores.add(new InMemoryBlockStore());
      commits.add(new ArrayList<>());
      Replica r = new Replica(i, keys.key(i), keys.replicas, stores.get(i), world.networkFor(i), commits.get(i)::add,
          Simulation.CONFIG, new MemoizingVerifier());
      replicas.add(r);
      world.attach(i, new SimWorld.Node() {
        @Override
        public void onMessage(int from, byte[] message) {
          replicas.get(self).onMessage(from, message);
        }

        @Override
        public void onTick(long now) {
          replicas.get(self).onTick(now);
        }
      });
    }
    world.tickEvery(10);
  }

  private boolean allCommitted(int commands) {
    return commits.stream().allMatch(c -> c.stream().mapToInt(b -> b.commands().size()).sum() == commands);
  }

  @Test
  void idleNetwork_stopsAddingBlocksOnceEveryCommandIsCommitted() {
    replicas.get(1).submit("one".getBytes());
    replicas.get(2).submit("two".getBytes());
    world.runUntil(30_000, () -> allCommitted(2));
    assertThat(allCommitted(2)).isTrue();
    world.runUntil(world.now() + 5_000, () -> false);
    int blocksAfterSettling = stores.get(0).loadBlocks().size();
    long heightAfterSettling = replicas.get(0).committedHeight();
    world.runUntil(world.now() + 600_000, () -> false);
    assertThat(stores.get(0).loadBlocks()).as("ten idle minutes add no block").hasSize(blocksAfterSettling);
    assertThat(replicas.get(0).committedHeight()).isEqualTo(heightAfterSettling);
    assertThat(blocksAfterSettling).as("a command needs its block plus a three-chain, not an endless log").isLessThan(12);

    replicas.get(3).submit("three".getBytes());
    world.runUntil(world.now() + 60_000, () -> allCommitted(3));

    assertThat(allCommitted(3)).as("an idle network wakes up for a new command").isTrue();
  }

  @Test
  void commandSubmittedToEveryReplica_commitsExactlyOnce() {
    for (Replica r : replicas) {
      r.submit("everywhere".getBytes());
      r.submit("everywhere".getBytes());
    }
    world.runUntil(30_000, () -> allCommitted(1));
    world.runUntil(world.now() + 10_000, () -> false);
    for (List<CommittedBlock> c : commits) {
      assertThat(c.stream().flatMap(b -> b.commands().stream()).map(String::new)).containsExactly("everywhere");
    }
  }
}
