package io.keyquorum.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyquorum.registry.CommandOutcome;
import io.keyquorum.registry.Registry;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.SignedCommand;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four registry replicas as separate JVMs on loopback over mutual TLS, driven by a client that
 * follows the log as a learner (verifying every certificate itself) and relays its commands.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class RegistryClusterProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int COMMANDS_PER_ADMIN = 50;

  @TempDir static Path dir;
  private final TestRegistry reg = new TestRegistry();
  private ProcessCluster cluster;
  private RegistryLearner learner;
  private Registry view;
  private final Map<ByteBuffer, AtomicInteger> committedCount = new ConcurrentHashMap<>();

  @BeforeAll
  void startCluster() throws Exception {
    cluster = new ProcessCluster(dir, 4, reg.key(reg.founder()).publicKey(), 500);
    cluster.startAll();
    learner = new RegistryLearner(cluster.issue("client-1"), cluster.caCertificate(), cluster.endpoints(),
        Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(30));
    learner.log().subscribe(1, block -> block.commands().forEach(
        c -> committedCount.computeIfAbsent(sha256(c), k -> new AtomicInteger()).incrementAndGet()));
    view = new Registry(learner.log(), RegistryState.empty(reg.key(reg.founder()).publicKey()));
    assertThat(submit(reg.genesis()).accepted()).isTrue();
    assertThat(submit(reg.registerClient(reg.founder(), TestRegistry.CREATOR, List.of("key-creator"))).accepted())
        .isTrue();
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (view != null) {
      view.close();
    }
    if (learner != null) {
      learner.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void unauthorizedCommands_areRefusedBeforeOrdering_byEveryReplica() throws Exception {
    SignedCommand fromStranger = reg.registerClient("mallory", "mallory-client", List.of("admin"));
    byte[] tampered = reg.registerClient(TestRegistry.admin(2), "eve", List.of()).encode();
    tampered[tampered.length - 1] ^= 1; // inside the signature
    assertThat(submit(reg.createKey("key-1", "alias-1")).accepted()).as("key created, pending acks").isTrue();
    SignedCommand illegal = reg.setKeyState(TestRegistry.admin(2), "key-1", KeyState.DISABLED);
    // Relayed over peer links like any command; the replicas refuse to order them, so they never commit
    // (the learner cannot tell a refusal from a delay: these submits would only time out).
    List<byte[]> refused = List.of(fromStranger.encode(), tampered, illegal.encode());
    refused.forEach(c -> learner.log().submit(c));
    assertThat(submit(reg.registerClient(reg.founder(), "after-the-junk", List.of("reader"))).accepted()).isTrue();
    for (byte[] c : refused) {
      assertThat(committedCount.get(sha256(c))).as("commits of a refused command").isNull();
    }
    assertThat(view.state().clients()).doesNotContainKeys("mallory-client", "eve").containsKey("after-the-junk");

    String digest = HexFormat.of().formatHex(view.state().digest());
    long height = view.state().height();
    await().atMost(WAIT).untilAsserted(() -> {
      for (int i = 0; i < cluster.size(); i++) {
        assertThat(cluster.status(i)).isNotNull().extracting(ProcessCluster.Status::height).isEqualTo(height);
        assertThat(cluster.status(i).outcomesHeight()).isEqualTo(height);
      }
    });
    for (int i = 0; i < cluster.size(); i++) {
      ProcessCluster.Status s = cluster.status(i);
      assertThat(s.digest()).as("state digest of replica %d", i).isEqualTo(digest);
      assertThat(s.outcomes()).as("outcome chain of replica %d", i).isEqualTo(cluster.status(0).outcomes());
      assertThat(s.rejected()).as("rejections at replica %d: none reached the log", i).isZero();
    }
  }

  @Test
  @Order(2)
  void thousandCommands_withTheLeaderKilledMidStream_commitExactlyOnce_andTheVictimCatchesUp() throws Exception {
    List<List<SignedCommand>> streams = new ArrayList<>();
    for (int a = 1; a <= TestRegistry.ADMINS; a++) {
      List<SignedCommand> mine = new ArrayList<>();
      for (int k = 0; k < COMMANDS_PER_ADMIN; k++) {
        mine.add(reg.registerClient(TestRegistry.admin(a), "client-" + a + "-" + k, List.of("reader")));
      }
      streams.add(mine);
    }
    int before = view.state().clients().size();
    AtomicInteger done = new AtomicInteger();
    ExecutorService authors = Executors.newFixedThreadPool(streams.size());
    List<Future<List<CommandOutcome>>> results = new ArrayList<>();
    try {
      // Each admin submits its commands in order (per-author sequence numbers must increase).
      for (List<SignedCommand> stream : streams) {
        results.add(authors.submit(() -> {
          List<CommandOutcome> outcomes = new ArrayList<>();
          for (SignedCommand c : stream) {
            outcomes.add(submit(c));
            done.incrementAndGet();
          }
          return outcomes;
        }));
      }
      await().atMost(WAIT).until(() -> done.get() >= 300);
      int leader = cluster.status(0).leader();
      cluster.kill(leader);
      int killedAt = done.get();

      List<CommandOutcome> all = new ArrayList<>();
      for (Future<List<CommandOutcome>> f : results) {
        all.addAll(f.get(120, TimeUnit.SECONDS));
      }
      assertThat(killedAt).as("the kill landed mid-stream").isLessThan(1000);
      assertThat(all).hasSize(1000).allMatch(CommandOutcome::accepted, "accepted");
      assertThat(view.state().clients()).hasSize(before + 1000);
      for (List<SignedCommand> stream : streams) {
        for (SignedCommand c : stream) {
          assertThat(committedCount.get(sha256(c.encode()))).as("commits of one command").hasValue(1);
        }
      }

      cluster.start(leader);
      String digest = HexFormat.of().formatHex(view.state().digest());
      long height = view.state().height();
      await().atMost(WAIT).untilAsserted(() -> {
        for (int i = 0; i < cluster.size(); i++) {
          assertThat(cluster.status(i)).as("replica %d", i).isNotNull()
              .extracting(ProcessCluster.Status::height).isEqualTo(height);
        }
      });
      for (int i = 0; i < cluster.size(); i++) {
        assertThat(cluster.status(i).digest()).as("state digest of replica %d", i).isEqualTo(digest);
      }
    } finally {
      authors.shutdownNow();
    }
  }

  /** Submits through the learner; on a timeout resubmits the same bytes (commits are exactly-once). */
  private CommandOutcome submit(SignedCommand command) throws InterruptedException, ExecutionException {
    for (int attempt = 0; ; attempt++) {
      try {
        return view.submit(command).get(40, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        if (attempt >= 3) {
          throw new AssertionError("command never committed; replica logs:\n" + cluster.logTail(0), e);
        }
      }
    }
  }

  private static ByteBuffer sha256(byte[] bytes) {
    try {
      return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
