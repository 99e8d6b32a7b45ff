package io.keyquorum.registry.log;

import io.keyquorum.registry.log.HotStuffLogContractTest.ClusterView;
import io.keyquorum.registry.log.bft.LocalCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared log contract, for a learner following four HotStuff replicas in this JVM. */
class LearnerLogContractTest extends ReplicatedLogContract {
  @TempDir Path dir;
  private int clusters;

  @Override
  ReplicatedLog newLog() {
    Path d = dir.resolve("cluster-" + (clusters++));
    d.toFile().mkdirs();
    LocalCluster cluster = new LocalCluster(d, 4);
    return new ClusterView(cluster, cluster.startLearner());
  }
}
