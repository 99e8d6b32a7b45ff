package io.keyquorum.registry.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A volatile, single-process {@link ReplicatedLog} for deterministic simulation: each submit is
 * one block, committed and delivered to every listener on the caller's thread before the returned
 * future completes. Nothing survives the process, so it must never back a real deployment.
 *
 * <p>Listeners run under the log's lock; a listener must not submit to the same log.
 */
public final class InMemoryReplicatedLog implements ReplicatedLog {
  private final List<CommittedBlock> blocks = new ArrayList<>();
  private final List<CommittedBlockListener> listeners = new ArrayList<>();
  private final java.util.function.LongSupplier clock;
  private long lastTime;
  private boolean closed;

  /** Blocks timed by the system clock. */
  public InMemoryReplicatedLog() {
    this(System::currentTimeMillis);
  }

  /** Blocks timed by {@code clock} (made strictly increasing), for simulations that control time. */
  public InMemoryReplicatedLog(java.util.function.LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public synchronized CompletableFuture<CommitReceipt> submit(byte[] command) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("registry log is closed"));
    }
    if (command == null || command.length == 0 || command.length > SingleReplicaLog.MAX_COMMAND_BYTES) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "command must be 1.." + SingleReplicaLog.MAX_COMMAND_BYTES + " bytes"));
    }
    lastTime = Math.max(lastTime + 1, clock.getAsLong());
    CommittedBlock block = new CommittedBlock(blocks.size() + 1L, lastTime, List.of(command), Optional.empty());
    blocks.add(block);
    listeners.forEach(l -> l.onCommit(block));
    return CompletableFuture.completedFuture(new CommitReceipt(block.height(), 0));
  }

  @Override
  public synchronized void subscribe(long fromHeight, CommittedBlockListener listener) {
    if (closed) {
      throw new IllegalStateException("registry log is closed");
    }
    if (fromHeight < 1) {
      throw new IllegalArgumentException("heights start at 1, got " + fromHeight);
    }
    for (int i = (int) Math.min(fromHeight - 1, blocks.size()); i < blocks.size(); i++) {
      listener.onCommit(blocks.get(i));
    }
    listeners.add(listener);
  }

  @Override
  public synchronized long height() {
    return blocks.size();
  }

  @Override
  public Optional<byte[]> latestCertificate() {
    return Optional.empty();
  }

  @Override
  public synchronized void close() {
    closed = true;
    listeners.clear();
  }
}
