package io.keyquorum.cli.key;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.cli.session.CliNetwork;
import io.keyquorum.cli.session.CliNetwork.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kq key create` on five attestors (f = 1): a threshold the network cannot protect is refused, saying why (issue 13, item 3). */
class KeyThresholdTest {
  @TempDir static Path dir;
  private static CliNetwork network;

  @BeforeAll
  static void start() throws Exception {
    network = new CliNetwork(dir, 5, "ops", List.of("key-creator"));
  }

  @AfterAll
  static void stop() {
    network.close();
  }

  @Test
  void createWithThresholdBelowFPlusOne_exitsNonZeroAndSaysWhy() {
    Run run = network.kq("key", "create", "--alias", "weak", "--threshold", "1");
    assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
    assertThat(run.err()).contains("threshold 1 is below f+1 = 2");
    assertThat(network.cluster.registry().state().keyByAlias("weak")).isEmpty();
  }
}
