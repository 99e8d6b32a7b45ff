package io.keyquorum.registry.log.bft;

import io.keyquorum.registry.log.CommitReceipt;
import io.keyquorum.registry.log.CommittedBlock;
import io.keyquorum.registry.log.CommittedBlockListener;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the consensus commit stream into the registry's log: consensus heights count every
 * committed block, including the empty ones that only complete a three-chain, whereas registry
 * log heights count only blocks that carry commands. The mapping depends only on the committed
 * chain, which every correct replica and learner agrees on, so every one of them numbers the log
 * identically.
 *
 * <p>Guarantees: subscribers see log heights 1, 2, 3... in order, once each, on one delivery
 * thread (a subscription's replay and its registration happen in one task, so nothing is missed
 * or repeated between them); a consensus height delivered twice (after a crash between delivery
 * and the store recording it) is ignored; submit futures complete when a committed block carries
 * a command with the same SHA-256, or fail after the timeout with a message saying so.
 */
public final class CommitFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommitFeed.class);

  private final Object lock = new Object();
  private final List<CommittedBlock> blocks = new ArrayList<>();
  private final Map<ByteBuffer, CommitReceipt> committed = new HashMap<>();
  private final Map<ByteBuffer, List<CompletableFuture<CommitReceipt>>> waiting = new HashMap<>();
  private final List<CommittedBlockListener> subscribers = new ArrayList<>();
  private final ExecutorService delivery;
  private final ScheduledExecutorService timer;
  private final Duration submitTimeout;
  private long consensusHeight;
  private long lastCommittedView;
  private byte[] latestCertificate;
  private boolean closed;

  public CommitFeed(String name, Duration submitTimeout) {
    if (submitTimeout.isNegative() || submitTimeout.isZero()) {
      throw new IllegalArgumentException("submit timeout must be positive, got " + submitTimeout);
    }
    this.submitTimeout = submitTimeout;
    this.delivery = Executors.newSingleThreadExecutor(r -> daemon(r, "kq-log-delivery-" + name));
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "kq-log-timeout-" + name));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Records one committed consensus block. Heights must arrive in order; a height already seen is
   * ignored (re-delivery after restart), a gap is a bug in the caller and throws.
   *
   * @param certificate encoded proof that this block (or a descendant) committed
   */
  public void onCommit(io.keyquorum.consensus.CommittedBlock block, byte[] certificate) {
    synchronized (lock) {
      if (block.height() <= consensusHeight) {
        return;
      }
      if (block.height() != consensusHeight + 1) {
        throw new IllegalStateException("consensus skipped from height " + consensusHeight + " to " + block.height());
      }
      consensusHeight = block.height();
      lastCommittedView = block.view();
      latestCertificate = certificate.clone();
      if (block.commands().isEmpty()) {
        return;
      }
      long height = blocks.size() + 1L;
      CommittedBlock logBlock = new CommittedBlock(height, block.timeMillis(), block.commands(), Optional.of(certificate));
      blocks.add(logBlock);
      List<byte[]> commands = block.commands();
      for (int i = 0; i < commands.size(); i++) {
        ByteBuffer id = commandId(commands.get(i));
        CommitReceipt receipt = new CommitReceipt(height, i);
        // The consensus layer commits each command hash once; keep the first receipt regardless.
        committed.putIfAbsent(id, receipt);
        List<CompletableFuture<CommitReceipt>> futures = waiting.remove(id);
        if (futures != null) {
          futures.forEach(f -> f.complete(receipt));
        }
      }
      List<CommittedBlockListener> targets = List.copyOf(subscribers);
      execute(() -> targets.forEach(l -> deliver(l, logBlock)));
    }
  }

  /**
   * A future for the commit of {@code command}: already complete if it committed before, else
   * completed by {@link #onCommit} or failed after the submit timeout. Register it before handing
   * the command to consensus, so a fast commit cannot be missed.
   */
  public CompletableFuture<CommitReceipt> awaitCommit(byte[] command) {
    ByteBuffer id = commandId(command);
    CompletableFuture<CommitReceipt> done = new CompletableFuture<>();
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("registry log is closed"));
      }
      CommitReceipt known = committed.get(id);
      if (known != null) {
        return CompletableFuture.completedFuture(known);
      }
      waiting.computeIfAbsent(id, k -> new ArrayList<>()).add(done);
    }
    String hash = HexFormat.of().formatHex(id.array(), 0, 8);
    timer.schedule(() -> {
      if (done.completeExceptionally(new TimeoutException("command " + hash + "… did not commit within "
          + submitTimeout.toMillis() + " ms (no quorum reachable?); it may still commit later, and resubmitting "
          + "it is safe because a command commits at most once"))) {
        forget(id, done);
      }
    }, submitTimeout.toMillis(), TimeUnit.MILLISECONDS);
    return done;
  }

  /** Fails a waiting future (for example because consensus refused the command) and forgets it. */
  public void fail(byte[] command, CompletableFuture<CommitReceipt> future, Throwable cause) {
    if (future.completeExceptionally(cause)) {
      forget(commandId(command), future);
    }
  }

  private void forget(ByteBuffer id, CompletableFuture<CommitReceipt> future) {
    synchronized (lock) {
      List<CompletableFuture<CommitReceipt>> list = waiting.get(id);
      if (list != null) {
        list.remove(future);
        if (list.isEmpty()) {
          waiting.remove(id);
        }
      }
    }
  }

  /** Replays blocks from {@code fromHeight}, then registers the listener for live ones. */
  public void subscribe(long fromHeight, CommittedBlockListener listener) {
    if (fromHeight < 1) {
      throw new IllegalArgumentException("heights start at 1, got " + fromHeight);
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("registry log is closed");
      }
      List<CommittedBlock> replay = fromHeight > blocks.size()
          ? List.of() : List.copyOf(blocks.subList((int) fromHeight - 1, blocks.size()));
      subscribers.add(listener);
      // Queued behind every live delivery already scheduled and ahead of every later one.
      execute(() -> replay.forEach(b -> deliver(listener, b)));
    }
  }

  /** Whether a command with these exact bytes has committed. */
  public boolean isCommitted(byte[] command) {
    synchronized (lock) {
      return committed.containsKey(commandId(command));
    }
  }

  public long height() {
    synchronized (lock) {
      return blocks.size();
    }
  }

  public long consensusHeight() {
    synchronized (lock) {
      return consensusHeight;
    }
  }

  /** The view of the latest committed consensus block (its proposer led that view). */
  public long lastCommittedView() {
    synchronized (lock) {
      return lastCommittedView;
    }
  }

  public Optional<byte[]> latestCertificate() {
    synchronized (lock) {
      return Optional.ofNullable(latestCertificate).map(byte[]::clone);
    }
  }

  public boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  private void execute(Runnable task) {
    try {
      delivery.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("registry log closed; delivery dropped");
    }
  }

  private static void deliver(CommittedBlockListener listener, CommittedBlock block) {
    try {
      listener.onCommit(block);
    } catch (RuntimeException e) {
      // A listener bug must not stop delivery to the others; it is loud, not silent.
      LOG.error("listener failed on block {}", block.height(), e);
    }
  }

  static ByteBuffer commandId(byte[] command) {
    try {
      return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(command));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Fails every waiting submit and stops delivery; blocks already queued are still delivered. */
  @Override
  public void close() {
    List<CompletableFuture<CommitReceipt>> abandoned = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      waiting.values().forEach(abandoned::addAll);
      waiting.clear();
      subscribers.clear();
    }
    abandoned.forEach(f -> f.completeExceptionally(new IllegalStateException("registry log is closed")));
    timer.shutdownNow();
    delivery.shutdown();
    try {
      if (!delivery.awaitTermination(5, TimeUnit.SECONDS)) {
        delivery.shutdownNow();
      }
    } catch (InterruptedException e) {
      delivery.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
