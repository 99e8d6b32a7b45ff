package io.keyquorum.registry.log.bft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.registry.CommandOutcome;
import io.keyquorum.registry.CommandRefusedException;
import io.keyquorum.registry.Registry;
import io.keyquorum.registry.RejectionCode;
import io.keyquorum.registry.TestNetwork;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.log.CommittedBlock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four validating replicas (as {@code RegistryNode} runs them): junk and unauthorised commands are
 * refused before ordering, whether a client submits them or a node forwards them over a peer
 * link, so they never reach the log (issue 13, item 9).
 */
class ValidatingClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;

  /** A CommandForward consensus message (type 6), as a peer sends one to share a command. */
  private static byte[] forward(byte[] command) {
    return new CanonicalWriter().u8(6).bytes(command).toByteArray();
  }

  @Test
  void junkAndUnauthorisedCommands_neverReachTheLog() throws Exception {
    TestNetwork net = new TestNetwork();
    try (LocalCluster cluster = new LocalCluster(dir, 4, LocalCluster.TIMING, net.empty())) {
      List<Registry> registries = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        registries.add(new Registry(cluster.log(i), net.empty()));
      }
      for (SignedCommand c : net.bootstrap()) {
        assertThat(registries.get(0).submit(c).get(30, TimeUnit.SECONDS).accepted()).isTrue();
      }
      byte[] junk = "junk, not a signed command".getBytes(StandardCharsets.UTF_8);
      SignedCommand byStranger = SignedCommand.sign(new RegisterClient(net.header("outsider"),
          net.client("outsider", List.of("admin"), true)), net.key("outsider"));
      // A certified node shares both with every replica, skipping any check of its own.
      for (int i = 1; i < 4; i++) {
        cluster.log(i).onMessage(0, forward(junk));
        cluster.log(i).onMessage(0, forward(byStranger.encode()));
      }
      // Submitted directly (the path a peer link's SUBMIT takes), the stranger's command is refused, with the reason.
      assertThatThrownBy(() -> registries.get(2).submit(byStranger).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(CommandRefusedException.class,
              e -> assertThat(e.rejection().code()).isEqualTo(RejectionCode.UNAUTHORIZED));
      assertThatThrownBy(() -> cluster.log(3).submit(junk).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasMessageContaining("MALFORMED");

      SignedCommand fine = net.registerClient(net.client("outsider", List.of("reader"), true));
      CommandOutcome outcome = registries.get(1).submit(fine).get(30, TimeUnit.SECONDS);
      assertThat(outcome.accepted()).isTrue();
      long h = outcome.receipt().height();
      for (int i = 0; i < 4; i++) {
        List<CommittedBlock> seen = new CopyOnWriteArrayList<>();
        cluster.log(i).subscribe(1, seen::add);
        await().atMost(WAIT).until(() -> seen.size() >= h);
        List<byte[]> committed = seen.stream().flatMap(b -> b.commands().stream()).toList();
        assertThat(committed).as("replica %d's log", i).hasSize(net.bootstrap().size() + 1)
            .noneMatch(c -> Arrays.equals(c, junk) || Arrays.equals(c, byStranger.encode()));
        Registry r = registries.get(i);
        await().atMost(WAIT).until(() -> r.state().height() >= h);
        assertThat(r.state().client("outsider").orElseThrow().roles()).containsExactly("reader");
      }
    }
  }
}
