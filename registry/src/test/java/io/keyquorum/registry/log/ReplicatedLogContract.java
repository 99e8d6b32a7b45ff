package io.keyquorum.registry.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The guarantees every {@link ReplicatedLog} gives; each implementation's test extends this. */
abstract class ReplicatedLogContract {
  /** A fresh, empty log. */
  abstract ReplicatedLog newLog();

  static byte[] cmd(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<String> texts(List<CommittedBlock> blocks) {
    List<String> out = new ArrayList<>();
    blocks.forEach(b -> b.commands().forEach(c -> out.add(new String(c, StandardCharsets.UTF_8))));
    return out;
  }

  @Test
  void submit_completesWithIncreasingHeights_onceCommitted() {
    try (ReplicatedLog log = newLog()) {
      assertThat(log.height()).isZero();
      CommitReceipt first = log.submit(cmd("a")).join();
      CommitReceipt second = log.submit(cmd("b")).join();
      assertThat(first).isEqualTo(new CommitReceipt(1, 0));
      assertThat(second.height()).isEqualTo(2);
      assertThat(log.height()).isEqualTo(2);
    }
  }

  @Test
  void subscribe_replaysStoredBlocksThenLiveOnes_inOrderWithoutGaps() {
    try (ReplicatedLog log = newLog()) {
      for (int i = 0; i < 5; i++) {
        log.submit(cmd("old-" + i)).join();
      }
      List<CommittedBlock> seen = new CopyOnWriteArrayList<>();
      log.subscribe(1, seen::add);
      for (int i = 0; i < 5; i++) {
        log.submit(cmd("new-" + i)).join();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 10);
      for (int i = 0; i < seen.size(); i++) {
        assertThat(seen.get(i).height()).isEqualTo(i + 1);
      }
      assertThat(texts(seen)).containsExactly("old-0", "old-1", "old-2", "old-3", "old-4",
          "new-0", "new-1", "new-2", "new-3", "new-4");
    }
  }

  @Test
  void subscribeFromAHeight_skipsEarlierBlocks() {
    try (ReplicatedLog log = newLog()) {
      for (int i = 0; i < 4; i++) {
        log.submit(cmd("c" + i)).join();
      }
      List<CommittedBlock> seen = new CopyOnWriteArrayList<>();
      log.subscribe(3, seen::add);
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
      assertThat(texts(seen)).containsExactly("c2", "c3");
    }
  }

  @Test
  void emptyOrOversizedCommand_isRefused() {
    try (ReplicatedLog log = newLog()) {
      assertThatThrownBy(() -> log.submit(new byte[0]).join()).isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> log.submit(new byte[SingleReplicaLog.MAX_COMMAND_BYTES + 1]).join())
          .hasCauseInstanceOf(IllegalArgumentException.class);
      assertThat(log.height()).isZero();
    }
  }

  @Test
  void submitOrSubscribeAfterClose_fails() {
    ReplicatedLog log = newLog();
    log.close();
    assertThatThrownBy(() -> log.submit(cmd("late")).join()).hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> log.subscribe(1, b -> { })).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void deliveredBlocks_cannotBeAlteredByAListener() {
    try (ReplicatedLog log = newLog()) {
      log.subscribe(1, b -> b.commands().get(0)[0] = 'X');
      List<CommittedBlock> seen = new CopyOnWriteArrayList<>();
      log.subscribe(1, seen::add);
      log.submit(cmd("abc")).join();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
      assertThat(texts(seen)).containsExactly("abc");
    }
  }
}
