package io.keyquorum.registry.log.bft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyquorum.consensus.CommitProof;
import io.keyquorum.consensus.SignatureVerifier;
import io.keyquorum.registry.log.CommittedBlock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four HotStuff replicas in one JVM: agreement, restart from SQLite, catch-up, certificates. */
class HotStuffLogClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;

  private static byte[] cmd(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> commands(HotStuffLog log) {
    List<CommittedBlock> seen = new CopyOnWriteArrayList<>();
    log.subscribe(1, seen::add);
    long h = log.height();
    await().atMost(WAIT).until(() -> seen.size() >= h);
    List<String> out = new ArrayList<>();
    seen.forEach(b -> b.commands().forEach(c -> out.add(b.height() + ":" + new String(c, StandardCharsets.UTF_8))));
    return out;
  }

  @Test
  void everyReplica_deliversTheSameCommandsAtTheSameHeights() {
    try (LocalCluster cluster = new LocalCluster(dir, 4)) {
      List<CompletableFuture<io.keyquorum.registry.log.CommitReceipt>> all = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        all.add(cluster.log(i % 4).submit(cmd("c" + i)));
      }
      long h = all.stream().mapToLong(f -> f.join().height()).max().orElseThrow();
      await().atMost(WAIT).until(() -> cluster.log(0).height() == h && cluster.log(1).height() == h
          && cluster.log(2).height() == h && cluster.log(3).height() == h);
      List<String> first = commands(cluster.log(0));
      assertThat(first).hasSize(40);
      for (int r = 1; r < 4; r++) {
        assertThat(commands(cluster.log(r))).isEqualTo(first);
      }
    }
  }

  @Test
  void sameCommandSubmittedToEveryReplica_commitsOnce() {
    try (LocalCluster cluster = new LocalCluster(dir, 4)) {
      List<CompletableFuture<io.keyquorum.registry.log.CommitReceipt>> receipts = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        receipts.add(cluster.log(r).submit(cmd("only-once")));
      }
      receipts.forEach(CompletableFuture::join);
      cluster.log(0).submit(cmd("after")).join();
      assertThat(receipts).extracting(CompletableFuture::join).containsOnly(receipts.get(0).join());
      assertThat(commands(cluster.log(0))).filteredOn(s -> s.endsWith(":only-once")).hasSize(1);
    }
  }

  @Test
  void stoppedReplica_restartsFromItsStore_andCatchesUpWithWhatItMissed() {
    try (LocalCluster cluster = new LocalCluster(dir, 4)) {
      for (int i = 0; i < 10; i++) {
        cluster.log(0).submit(cmd("before-" + i)).join();
      }
      await().atMost(WAIT).until(() -> cluster.log(3).height() == 10);
      cluster.stop(3);
      for (int i = 0; i < 10; i++) {
        cluster.log(1).submit(cmd("while-down-" + i)).join();
      }
      cluster.start(3);
      assertThat(cluster.log(3).height()).as("replayed from SQLite before any message").isEqualTo(10);
      // The restarted replica learns of the missed blocks from the next proposals and fetches them.
      long height = cluster.log(0).submit(cmd("after-restart")).join().height();
      await().atMost(WAIT).until(() -> cluster.log(3).height() == height);
      assertThat(commands(cluster.log(3))).isEqualTo(commands(cluster.log(0))).hasSize(21);
    }
  }

  @Test
  void replicaWithAWipedDisk_catchesUpFromItsPeers_verifyingEveryCertificate() throws Exception {
    try (LocalCluster cluster = new LocalCluster(dir, 4)) {
      for (int i = 0; i < 8; i++) {
        cluster.log(0).submit(cmd("early-" + i)).join();
      }
      cluster.stop(2);
      java.nio.file.Files.delete(dir.resolve("replica-2.db"));
      java.nio.file.Files.deleteIfExists(dir.resolve("replica-2.db-wal"));
      java.nio.file.Files.deleteIfExists(dir.resolve("replica-2.db-shm"));
      cluster.start(2);
      assertThat(cluster.log(2).height()).isZero();
      long height = cluster.log(1).submit(cmd("wake-up")).join().height();
      await().atMost(WAIT).until(() -> cluster.log(2).height() == height && cluster.log(0).height() == height);
      assertThat(commands(cluster.log(2))).isEqualTo(commands(cluster.log(0))).hasSize(9);
    }
  }

  @Test
  void latestCertificate_isACommitProofThatVerifiesAgainstTheReplicaSet() {
    try (LocalCluster cluster = new LocalCluster(dir, 4)) {
      assertThat(cluster.log(0).latestCertificate()).isEmpty();
      cluster.log(0).submit(cmd("x")).join();
      CommitProof proof = CommitProof.decode(cluster.log(0).latestCertificate().orElseThrow());
      proof.verify(cluster.replicas(), SignatureVerifier.ED25519);
      assertThat(proof.height()).isEqualTo(cluster.log(0).consensusHeight());
    }
  }

  @Test
  void submitWithoutAQuorum_failsWithATimeoutThatSaysResubmittingIsSafe() {
    HotStuffLog.Timing impatient = new HotStuffLog.Timing(LocalCluster.TIMING.replica(), 5, Duration.ofSeconds(2));
    try (LocalCluster cluster = new LocalCluster(dir, 4, impatient)) {
      cluster.isolate(1, true);
      cluster.isolate(2, true);
      CompletableFuture<?> stuck = cluster.log(0).submit(cmd("no-quorum"));
      await().atMost(WAIT).until(stuck::isDone);
      assertThat(stuck).failsWithin(Duration.ZERO).withThrowableThat()
          .withMessageContaining("did not commit within").withMessageContaining("resubmitting");
    }
  }
}
