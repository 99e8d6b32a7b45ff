package io.keyquorum.registry.log.bft;

import io.keyquorum.consensus.Block;
import io.keyquorum.consensus.Learner;
import io.keyquorum.consensus.ReplicaNetwork;
import io.keyquorum.consensus.ReplicaSet;
import io.keyquorum.consensus.SignatureVerifier;
import io.keyquorum.registry.log.CommitReceipt;
import io.keyquorum.registry.log.CommittedBlockListener;
import io.keyquorum.registry.log.ReplicatedLog;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's log for a non-voting node (an orchestrator): follows the committed chain with a
 * consensus {@link Learner} and relays submitted commands to the replicas.
 *
 * <p>Guarantees: it delivers only blocks a three-chain of certificates it verified itself proves
 * committed, so it trusts no single replica (any f of them can delay it, not mislead it); its log
 * heights equal every replica's (see {@link CommitFeed}). A submitted command is relayed to one
 * replica, then to the next one every {@code resubmitInterval} until it commits or the submit
 * times out; commands commit at most once, so the repeats are harmless. It keeps no durable state:
 * after a restart it re-reads the chain from genesis.
 */
public final class LearnerLog implements ReplicatedLog {
  private static final Logger LOG = LoggerFactory.getLogger(LearnerLog.class);

  /** Sends a command to one replica for its command pool (best effort). */
  @FunctionalInterface
  public interface CommandRelay {
    void relay(int replica, byte[] command);
  }

  private final ReplicaSet replicas;
  private final CommitFeed feed;
  private final CommandRelay relay;
  private final Duration resubmitInterval;
  private final ScheduledExecutorService thread;
  private final Learner learner;
  private final AtomicInteger nextReplica = new AtomicInteger();

  /**
   * Starts following at once.
   *
   * @param network reaches the replicas by index; answers come back through {@link #onMessage}
   */
  public LearnerLog(String name, ReplicaSet replicas, ReplicaNetwork network, CommandRelay relay, Duration pollInterval,
      Duration resubmitInterval, Duration submitTimeout) {
    this.replicas = replicas;
    this.relay = relay;
    this.resubmitInterval = resubmitInterval;
    this.feed = new CommitFeed(name, submitTimeout);
    AtomicReference<Learner> self = new AtomicReference<>();
    this.learner = new Learner(replicas, network, b -> feed.onCommit(b, self.get().latestCommitProof().encode()),
        pollInterval.toMillis(), SignatureVerifier.ED25519);
    self.set(learner);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kq-learner-" + name);
      t.setDaemon(true);
      return t;
    });
    long tick = Math.max(1, pollInterval.toMillis() / 2);
    thread.scheduleAtFixedRate(() -> run(() -> learner.onTick(System.currentTimeMillis())), 0, tick, TimeUnit.MILLISECONDS);
  }

  /** Hands a message from replica {@code from} (a sync response) to the learner thread. */
  public void onMessage(int from, byte[] message) {
    byte[] copy = message.clone();
    try {
      thread.execute(() -> run(() -> learner.onMessage(from, copy)));
    } catch (RejectedExecutionException e) {
      LOG.debug("learner closed; message from {} dropped", from);
    }
  }

  private void run(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      LOG.error("learner failed handling an event", e);
    }
  }

  @Override
  public CompletableFuture<CommitReceipt> submit(byte[] command) {
    if (command == null || command.length == 0 || command.length > Block.MAX_COMMAND_BYTES) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "command must be 1.." + Block.MAX_COMMAND_BYTES + " bytes"));
    }
    byte[] copy = command.clone();
    CompletableFuture<CommitReceipt> done = feed.awaitCommit(copy);
    if (done.isDone()) {
      return done;
    }
    int first = Math.floorMod(nextReplica.getAndIncrement(), replicas.size());
    relay.relay(first, copy);
    AtomicInteger attempt = new AtomicInteger(1);
    try {
      long every = resubmitInterval.toMillis();
      ScheduledFuture<?> repeat = thread.scheduleAtFixedRate(() -> {
        if (!done.isDone()) {
          relay.relay((first + attempt.getAndIncrement()) % replicas.size(), copy);
        }
      }, every, every, TimeUnit.MILLISECONDS);
      done.whenComplete((r, e) -> repeat.cancel(false));
    } catch (RejectedExecutionException e) {
      feed.fail(copy, done, new IllegalStateException("registry log is closed"));
    }
    return done;
  }

  @Override
  public void subscribe(long fromHeight, CommittedBlockListener listener) {
    feed.subscribe(fromHeight, listener);
  }

  @Override
  public long height() {
    return feed.height();
  }

  @Override
  public Optional<byte[]> latestCertificate() {
    return feed.latestCertificate();
  }

  @Override
  public void close() {
    thread.shutdownNow();
    feed.close();
  }
}
