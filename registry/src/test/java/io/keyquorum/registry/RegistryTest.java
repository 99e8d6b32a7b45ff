package io.keyquorum.registry;

import static io.keyquorum.registry.TestNetwork.ATTESTORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.log.CommitReceipt;
import io.keyquorum.registry.log.CommittedBlockListener;
import io.keyquorum.registry.log.InMemoryReplicatedLog;
import io.keyquorum.registry.log.ReplicatedLog;
import io.keyquorum.registry.log.SingleReplicaLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
      net.enabledKey("k-1", "alias-a").forEach(c -> all.add(registry.submit(c)));
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
      commands.addAll(net.enabledKey("k-1", "alias-a"));
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
  void outcome_waitsForApplication_whenTheReceiptArrivesFirst() {
    TestNetwork net = new TestNetwork();
    DeferredDeliveryLog log = new DeferredDeliveryLog();
    try (Registry registry = new Registry(log, net.empty())) {
      List<CompletableFuture<CommandOutcome>> futures = new ArrayList<>();
      net.bootstrap().forEach(c -> futures.add(registry.submit(c)));
      futures.add(registry.submit(net.genesis()));
      assertThat(futures).noneMatch(CompletableFuture::isDone);
      assertThat(registry.state().height()).isZero();
      log.deliverPending();
      assertThat(futures).allMatch(CompletableFuture::isDone);
      assertThat(futures.subList(0, 3)).allMatch(f -> f.join().accepted());
      assertThat(futures.get(3).join().rejection().orElseThrow().code()).isEqualTo(RejectionCode.GENESIS_ALREADY_DONE);
      assertThat(registry.state().height()).isEqualTo(4);
    }
  }

  @Test
  void registry_overTheInMemoryLog_reachesTheSameDigestAsOverSqlite() {
    TestNetwork a = new TestNetwork();
    TestNetwork b = new TestNetwork();
    try (Registry memory = new Registry(new InMemoryReplicatedLog(), a.empty());
        Registry sqlite = new Registry(SingleReplicaLog.open(dir.resolve("d.db")), b.empty())) {
      List<SignedCommand> ca = new ArrayList<>(a.bootstrap());
      ca.addAll(a.enabledKey("k-1", "alias-a"));
      List<SignedCommand> cb = new ArrayList<>(b.bootstrap());
      cb.addAll(b.enabledKey("k-1", "alias-a"));
      ca.forEach(c -> memory.submit(c).join());
      cb.forEach(c -> sqlite.submit(c).join());
      assertThat(memory.state().digest()).isEqualTo(sqlite.state().digest());
    }
  }

  /** Acknowledges commits at once but delivers blocks only when told, like a lagging BFT learner. */
  private static final class DeferredDeliveryLog implements ReplicatedLog {
    private final InMemoryReplicatedLog inner = new InMemoryReplicatedLog();
    private final List<Runnable> pending = new ArrayList<>();

    @Override
    public CompletableFuture<CommitReceipt> submit(byte[] command) {
      return inner.submit(command);
    }

    @Override
    public void subscribe(long fromHeight, CommittedBlockListener listener) {
      inner.subscribe(fromHeight, block -> pending.add(() -> listener.onCommit(block)));
    }

    void deliverPending() {
      List<Runnable> now = new ArrayList<>(pending);
      pending.clear();
      now.forEach(Runnable::run);
    }

    @Override
    public long height() {
      return inner.height();
    }

    @Override
    public Optional<byte[]> latestCertificate() {
      return Optional.empty();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void concurrentSubmitters_eachLearnTheirOwnOutcome() {
    TestNetwork net = new TestNetwork();
    try (Registry registry = new Registry(SingleReplicaLog.open(dir.resolve("r.db")), net.empty())) {
      net.bootstrap().forEach(c -> registry.submit(c).join());
      registry.submit(net.createKey("k-1", "alias-a")).join();
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
