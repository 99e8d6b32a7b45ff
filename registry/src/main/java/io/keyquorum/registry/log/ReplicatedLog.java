package io.keyquorum.registry.log;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The registry's view of agreement: an ordered, durable log of opaque commands. Owned by the
 * registry so that any engine (the single-replica SQLite log, the HotStuff adapter, or a future
 * published BFT library) can sit behind it.
 *
 * <p>Guarantees an implementation must give: every replica sees the same blocks at the same
 * heights; a block delivered to a listener or acknowledged by {@link #submit} survives a crash;
 * listeners see heights in order, without gaps or repeats. The log does not interpret commands:
 * validity is the state machine's job, so invalid commands may be committed and then rejected
 * identically everywhere.
 */
public interface ReplicatedLog extends AutoCloseable {
  /** Proposes a command; completes once it is committed (durably), with where it landed. */
  CompletableFuture<CommitReceipt> submit(byte[] command);

  /** Delivers every committed block from {@code fromHeight} on: stored ones first, then live ones. */
  void subscribe(long fromHeight, CommittedBlockListener listener);

  /** Height of the latest committed block; 0 when empty. */
  long height();

  /** Proof that the latest block committed (empty for a single replica, which needs none). */
  Optional<byte[]> latestCertificate();

  @Override
  void close();
}
