package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit in {@link NodeDatabase}: concurrent callers share one commit, yet each unit keeps
 * the all-or-nothing behaviour of its own transaction, and a returned unit is durable.
 */
class NodeDatabaseGroupCommitTest {
  @TempDir Path dir;

  private static void putMeta(NodeDatabase db, String name) {
    db.transaction(c -> {
      NodeDatabase.putMeta(c, name, new byte[] {1});
      return null;
    });
  }

  private static long rows(NodeDatabase db) {
    return db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM meta");
          var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Test
  void callersWaitingTogether_shareOneCommit_andEveryUnitIsDurableAfterReopen() throws Exception {
    int callers = 40;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    Path file = dir.resolve("node.db");
    try (NodeDatabase db = NodeDatabase.open(file)) {
      CountDownLatch gate = new CountDownLatch(1);
      CountDownLatch entered = new CountDownLatch(1);
      // Hold the writer inside one unit until every other caller is queued behind it.
      CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> db.transaction(c -> {
        entered.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.getCount() == 0);
        return null;
      }), pool);
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      long before = db.commits();
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (int i = 0; i < callers - 1; i++) {
        String name = "row-" + i;
        writes.add(CompletableFuture.runAsync(() -> putMeta(db, name), pool));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> db.waiting() == callers - 1);
      gate.countDown();
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
      holder.get(20, TimeUnit.SECONDS);
      // One commit for the holder, one for the 39 queued writes (a batch takes up to 128).
      assertThat(db.commits() - before).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
    try (NodeDatabase reopened = NodeDatabase.open(file)) {
      assertThat(rows(reopened)).isEqualTo(callers - 1);
    }
  }

  @Test
  void aUnitThatThrows_isRolledBackAlone_whileItsBatchmatesCommit() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (NodeDatabase db = NodeDatabase.open(dir.resolve("node.db"))) {
      CountDownLatch gate = new CountDownLatch(1);
      CountDownLatch entered = new CountDownLatch(1);
      CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> db.transaction(c -> {
        entered.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.getCount() == 0);
        return null;
      }), pool);
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> first = CompletableFuture.runAsync(() -> putMeta(db, "kept-1"), pool);
      CompletableFuture<Void> failing = CompletableFuture.runAsync(() -> db.transaction(c -> {
        NodeDatabase.putMeta(c, "half-written", new byte[] {2});
        throw new SQLException("constraint failed in the middle of the unit");
      }), pool);
      await().atMost(Duration.ofSeconds(10)).until(() -> db.waiting() == 2);
      CompletableFuture<Void> last = CompletableFuture.runAsync(() -> putMeta(db, "kept-2"), pool);
      await().atMost(Duration.ofSeconds(10)).until(() -> db.waiting() == 3);
      gate.countDown();
      first.get(20, TimeUnit.SECONDS);
      last.get(20, TimeUnit.SECONDS);
      assertThatThrownBy(() -> failing.get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("node.db: constraint failed in the middle of the unit");
      assertThat(db.meta("kept-1")).isPresent();
      assertThat(db.meta("kept-2")).isPresent();
      assertThat(db.meta("half-written")).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTransactionInsideAUnit_joinsIt_insteadOfWaitingForItself() {
    try (NodeDatabase db = NodeDatabase.open(dir.resolve("node.db"))) {
      int inner = db.transaction(c -> {
        NodeDatabase.putMeta(c, "outer", new byte[] {1});
        return db.transaction(c2 -> 7);
      });
      assertThat(inner).isEqualTo(7);
      assertThat(db.meta("outer")).isPresent();
    }
  }

  @Test
  void afterClose_aTransactionIsRefusedWithACause() {
    NodeDatabase db = NodeDatabase.open(dir.resolve("node.db"));
    putMeta(db, "before-close");
    db.close();
    assertThatThrownBy(() -> putMeta(db, "after-close"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
  }

  @Test
  void aRead_seesWhatWasCommitted_refusesWrites_andDoesNotWaitForTheWriter() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (NodeDatabase db = NodeDatabase.open(dir.resolve("node.db"))) {
      putMeta(db, "committed");
      long seen = db.read(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM meta WHERE name = 'committed'");
            var rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      });
      assertThat(seen).isEqualTo(1);
      assertThatThrownBy(() -> db.read(c -> {
        NodeDatabase.putMeta(c, "sneaked", new byte[] {3});
        return null;
      })).isInstanceOf(IllegalStateException.class).hasMessageContaining("node.db");
      assertThat(db.meta("sneaked")).isEmpty();

      CountDownLatch gate = new CountDownLatch(1);
      CountDownLatch entered = new CountDownLatch(1);
      CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> db.transaction(c -> {
        entered.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.getCount() == 0);
        return null;
      }), pool);
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      // The writer is busy inside a unit; a lookup still answers.
      assertThat(CompletableFuture.supplyAsync(() -> db.meta("committed"), pool).get(5, TimeUnit.SECONDS)).isPresent();
      assertThat(holder).isNotDone();
      gate.countDown();
      holder.get(20, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }
}
