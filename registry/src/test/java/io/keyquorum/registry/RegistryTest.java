package io.keyquorum.registry;

import static io.keyquorum.registry.TestNetwork.ATTESTORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.log.SingleReplicaLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Registry replica over the real SQLite log: outcomes reach submitters, and restarts replay. */
class RegistryTest {
  @TempDir Path dir;

  @Test
  void submit_resolvesToTheApplyOutcome_acceptedOrWithItsRejection() {
    TestNetwork net = new TestNetwork();
    try (Registry registry = new Registry(SingleReplicaLog.open(dir.resolve("r.db")), net.empty())) {
      for (SignedCommand c : net.bootstrap()) {
        assertThat(registry.submit(c).join().accepted()).isTrue();
      }
      SignedCommand forged = SignedCommand.sign(
          new RegisterClient(net.header("outsider"), net.client("outsider", List.of("admin"), true)), net.key("outsider"));
      CommandOutcome outcome = registry.submit(forged).join();
      assertThat(outcome.accepted()).isFalse();
      assertThat(outcome.rejection().orElseThrow().code()).isEqualTo(RejectionCode.UNAUTHORIZED);
      assertThat(outcome.receipt().height()).isEqualTo(4);
      assertThat(registry.state().height()).isEqualTo(4);
      assertThat(registry.state().client("outsider")).isEmpty();
    }
  }

  @Test
  void keyLifecycle_throughTheLog_reachesEnabled() {
    TestNetwork net = new TestNetwork();
    try (Registry registry = new Registry(SingleReplicaLog.open(dir.resolve("r.db")), net.empty())) {
      List<CompletableFuture<CommandOutcome>> all = new ArrayList<>();
      net.bootstrap().forEach(c -> all.add(registry.submit(c)));
      all.forEach(CompletableFuture::join);
      all.clear();
      net.enabledKey("k-1", "alias/a").forEach(c -> all.add(registry.submit(c)));
      assertThat(all.stream().map(CompletableFuture::join).allMatch(CommandOutcome::accepted)).isTrue();
      KeyRecord key = registry.state().key("k-1").orElseThrow();
      assertThat(key.state()).isEqualTo(KeyState.ENABLED);
      assertThat(key.versions().get(1L).acks()).containsExactlyElementsOf(ATTESTORS);
      assertThat(key.changedAtHeight()).isLessThanOrEqualTo(registry.state().height()).isPositive();
    }
  }

  @Test
  void reopen_replaysTheLog_toTheSameStateDigest() {
    TestNetwork net = new TestNetwork();
    Path file = dir.resolve("r.db");
    byte[] digest;
    long height;
    try (Registry registry = new Registry(SingleReplicaLog.open(file), net.empty())) {
      List<SignedCommand> commands = new ArrayList<>(net.bootstrap());
      commands.addAll(net.enabledKey("k-1", "alias/a"));
      commands.add(net.setState("k-1", KeyState.DISABLED, 0, TestNetwork.T0));
      commands.add(net.updatePolicy("k-1", 1, "policy: v2\n"));
      commands.add(net.ack("attestor-1", "k-1", 1)); // rejected: double ack
      commands.forEach(c -> registry.submit(c).join());
      digest = registry.state().digest();
      height = registry.state().height();
    }
    try (Registry replayed = new Registry(SingleReplicaLog.open(file), net.empty())) {
      await().atMost(Duration.ofSeconds(20)).until(() -> replayed.state().height() == height);
      assertThat(replayed.state().digest()).isEqualTo(digest);
      assertThat(replayed.state().key("k-1").orElseThrow().state()).isEqualTo(KeyState.DISABLED);
    }
  }

  @Test
  void concurrentSubmitters_eachLearnTheirOwnOutcome() {
    TestNetwork net = new TestNetwork();
    try (Registry registry = new Registry(SingleReplicaLog.open(dir.resolve("r.db")), net.empty())) {
      net.bootstrap().forEach(c -> registry.submit(c).join());
      registry.submit(net.createKey("k-1", "alias/a")).join();
      // Build commands first (sequences are per author), then submit them all at once.
      List<SignedCommand> acks = new ArrayList<>();
      ATTESTORS.forEach(a -> acks.add(net.ack(a, "k-1", 1)));
      SignedCommand duplicate = acks.get(0);
      List<CompletableFuture<CommandOutcome>> futures = new ArrayList<>();
      acks.forEach(a -> futures.add(registry.submit(a)));
      CompletableFuture<CommandOutcome> dup = registry.submit(duplicate);
      futures.forEach(f -> assertThat(f.join().accepted()).isTrue());
      // The identical bytes again: the author's sequence number already moved past them.
      assertThat(dup.join().rejection().orElseThrow().code()).isEqualTo(RejectionCode.REPLAYED_SEQUENCE);
    }
  }
}
