package io.keyquorum.registry.log;

import io.keyquorum.registry.log.bft.LocalCluster;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;

/** The shared log contract, for replica 0 of four HotStuff replicas in this JVM. */
class HotStuffLogContractTest extends ReplicatedLogContract {
  @TempDir Path dir;
  private int clusters;

  @Override
  ReplicatedLog newLog() {
    Path d = dir.resolve("cluster-" + (clusters++));
    d.toFile().mkdirs();
    LocalCluster cluster = new LocalCluster(d, 4);
    return new ClusterView(cluster, cluster.log(0));
  }

  /** One member's log; closing it stops the whole cluster. */
  record ClusterView(AutoCloseable cluster, ReplicatedLog member) implements ReplicatedLog {
    @Override
    public CompletableFuture<CommitReceipt> submit(byte[] command) {
      return member.submit(command);
    }

    @Override
    public void subscribe(long fromHeight, CommittedBlockListener listener) {
      member.subscribe(fromHeight, listener);
    }

    @Override
    public long height() {
      return member.height();
    }

    @Override
    public Optional<byte[]> latestCertificate() {
      return member.latestCertificate();
    }

    @Override
    public void close() {
      try {
        cluster.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
