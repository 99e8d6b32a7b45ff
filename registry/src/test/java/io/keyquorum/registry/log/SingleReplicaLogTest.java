package io.keyquorum.registry.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleReplicaLogTest extends ReplicatedLogContract {
  @TempDir Path dir;
  private int files;

  @Override
  ReplicatedLog newLog() {
    return SingleReplicaLog.open(dir.resolve("log-" + (files++) + ".db"));
  }

  @Test
  void reopen_keepsHeightAndReplaysEveryCommittedCommand() {
    Path file = dir.resolve("log.db");
    try (SingleReplicaLog log = SingleReplicaLog.open(file)) {
      for (int i = 0; i < 20; i++) {
        log.submit(cmd("c" + i)).join();
      }
    }
    try (SingleReplicaLog reopened = SingleReplicaLog.open(file)) {
      assertThat(reopened.height()).isEqualTo(20);
      List<CommittedBlock> seen = new CopyOnWriteArrayList<>();
      reopened.subscribe(1, seen::add);
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 20);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        expected.add("c" + i);
      }
      assertThat(texts(seen)).isEqualTo(expected);
      assertThat(reopened.submit(cmd("after")).join().height()).isEqualTo(21);
    }
  }

  @Test
  void concurrentSubmits_eachGetAUniqueSlot_andBlocksMatchReceipts() {
    try (SingleReplicaLog log = SingleReplicaLog.open(dir.resolve("log.db"))) {
      List<CommittedBlock> seen = new CopyOnWriteArrayList<>();
      log.subscribe(1, seen::add);
      List<CompletableFuture<CommitReceipt>> futures = Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        threads.add(new Thread(() -> {
          for (int i = 0; i < 50; i++) {
            futures.add(log.submit(cmd(thread + "-" + i)));
          }
        }));
      }
      threads.forEach(Thread::start);
      threads.forEach(SingleReplicaLogTest::join);
      Set<CommitReceipt> receipts = new HashSet<>();
      futures.forEach(f -> receipts.add(f.join()));
      assertThat(receipts).hasSize(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().mapToInt(CommittedBlock::size).sum() == 200);
      assertThat(seen.size()).isEqualTo((int) log.height()).isLessThanOrEqualTo(200);
      for (CommitReceipt r : receipts) {
        assertThat(r.index()).isLessThan(seen.get((int) r.height() - 1).size());
      }
      for (int t = 0; t < 4; t++) {
        String prefix = t + "-";
        List<String> mine = texts(seen).stream().filter(s -> s.startsWith(prefix)).toList();
        assertThat(mine).as("per-thread order is kept").isEqualTo(
            java.util.stream.IntStream.range(0, 50).mapToObj(i -> prefix + i).toList());
      }
    }
  }

  @Test
  void corruptStoredBlock_leavesTheSubscriberUnregistered_ratherThanSkippingIt() throws Exception {
    Path file = dir.resolve("corrupt.db");
    try (SingleReplicaLog log = SingleReplicaLog.open(file)) {
      log.submit(cmd("a")).join();
      log.submit(cmd("b")).join();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().executeUpdate("UPDATE blocks SET commands = x'0000000501' WHERE height = 2");
    }
    try (SingleReplicaLog log = SingleReplicaLog.open(file)) {
      List<CommittedBlock> seen = new CopyOnWriteArrayList<>();
      log.subscribe(1, seen::add);
      // The writer thread runs tasks in order, so the replay has finished once this commits.
      log.submit(cmd("c")).join();
      assertThat(texts(seen)).containsExactly("a");
    }
  }

  @Test
  void databaseFile_isInWalMode() throws Exception {
    Path file = dir.resolve("log.db");
    try (SingleReplicaLog log = SingleReplicaLog.open(file)) {
      log.submit(cmd("x")).join();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void failingListener_doesNotStopDeliveryToOthers() {
    try (SingleReplicaLog log = SingleReplicaLog.open(dir.resolve("log.db"))) {
      log.subscribe(1, b -> {
        throw new IllegalStateException("listener bug (expected in this test)");
      });
      List<CommittedBlock> seen = new CopyOnWriteArrayList<>();
      log.subscribe(1, seen::add);
      log.submit(cmd("a")).join();
      log.submit(cmd("b")).join();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
