package io.keyquorum.orchestrator.node;

import io.keyquorum.node.RegistryLearner;
import io.keyquorum.registry.log.CommittedBlockListener;
import io.keyquorum.registry.log.CommitReceipt;
import io.keyquorum.registry.log.ReplicatedLog;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The BFT registry log as a learner sees it ({@link RegistryLearner#log()}), closed together with
 * the learner's PeerLink connections, so a {@code Registry} that owns the log releases both.
 */
final class FollowedLog implements ReplicatedLog {
  private final RegistryLearner learner;

  FollowedLog(RegistryLearner learner) {
    this.learner = learner;
  }

  @Override
  public CompletableFuture<CommitReceipt> submit(byte[] command) {
    return learner.log().submit(command);
  }

  @Override
  public void subscribe(long fromHeight, CommittedBlockListener listener) {
    learner.log().subscribe(fromHeight, listener);
  }

  @Override
  public long height() {
    return learner.log().height();
  }

  @Override
  public Optional<byte[]> latestCertificate() {
    return learner.log().latestCertificate();
  }

  @Override
  public void close() {
    learner.close();
  }
}
