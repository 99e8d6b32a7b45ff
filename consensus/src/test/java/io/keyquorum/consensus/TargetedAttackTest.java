package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.consensus.ByzantineNode.Behaviour;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The two attacks that each target one safety mechanism, run head-on on a clean network: FORK
 * (defeated only by the lock rule) and SPLIT (defeated only by q = ⌈(n+f+1)/2⌉; with n = 5 a
 * quorum of 2f+1 = 3 would let both halves commit). Every replica index takes a turn as attacker.
 */
class TargetedAttackTest {
  @TestFactory
  Stream<DynamicTest> forkAndSplitLeaders_neverBreakAgreement() {
    return Stream.of(Behaviour.FORK, Behaviour.SPLIT).flatMap(behaviour -> Stream.of(4, 5, 7).flatMap(n ->
        IntStream.range(0, n).mapToObj(attacker -> DynamicTest.dynamicTest(behaviour + " n=" + n + " attacker=" + attacker, () -> {
          for (long seed = 1; seed <= 3; seed++) {
            Simulation sim = new Simulation(seed * 1000 + attacker, new Simulation.Targeted(n, Map.of(attacker, behaviour)));
            assertThat(sim.run()).as("%s (targeted seed %d)", sim.description, seed * 1000 + attacker).isEmpty();
          }
        }))));
  }
}
