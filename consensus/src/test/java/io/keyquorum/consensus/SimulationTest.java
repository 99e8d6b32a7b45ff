package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The deterministic simulation suite: 1,000 seeded scenarios (n = 4, 5, 7; up to f faulty
 * replicas; drops, duplicates, reordering, partitions, crash-restart, wiped disks, learners).
 * Each asserts agreement, exactly-once and, after GST, liveness. Replay one scenario with
 * {@code -Dkeyquorum.sim.seed=<seed>}; change the count with {@code -Dkeyquorum.sim.count=<n>}.
 */
class SimulationTest {
  @TestFactory
  Stream<DynamicTest> seededScenarios_keepAgreementLivenessAndExactlyOnce() {
    String one = System.getProperty("keyquorum.sim.seed");
    LongStream seeds = one != null ? LongStream.of(Long.parseLong(one))
        : LongStream.rangeClosed(1, Long.getLong("keyquorum.sim.count", 1000));
    return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
      Simulation sim = new Simulation(seed);
      List<String> violations = sim.run();
      assertThat(violations)
          .as("scenario seed=%d (%s) failed; replay with: mvn -pl consensus test -Dtest=SimulationTest -Dkeyquorum.sim.seed=%d",
              seed, sim.description, seed)
          .isEmpty();
    }));
  }
}
