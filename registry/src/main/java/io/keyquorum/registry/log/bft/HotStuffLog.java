package io.keyquorum.registry.log.bft;

import io.keyquorum.consensus.Block;
import io.keyquorum.consensus.BlockHash;
import io.keyquorum.consensus.BlockStore;
import io.keyquorum.consensus.CommandValidator;
import io.keyquorum.consensus.CommitProof;
import io.keyquorum.consensus.CommittedBlock;
import io.keyquorum.consensus.Replica;
import io.keyquorum.consensus.ReplicaConfig;
import io.keyquorum.consensus.ReplicaNetwork;
import io.keyquorum.consensus.ReplicaRunner;
import io.keyquorum.consensus.ReplicaSet;
import io.keyquorum.consensus.SignatureVerifier;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.registry.CommandRefusedException;
import io.keyquorum.registry.Rejection;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.log.CommitReceipt;
import io.keyquorum.registry.log.CommittedBlockListener;
import io.keyquorum.registry.log.ReplicatedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The registry's log on one voting replica of chained HotStuff (module {@code consensus}).
 *
 * <p>Guarantees, with at most f Byzantine replicas among n ≥ 3f+1: every correct replica delivers
 * the same commands at the same log heights (only blocks a verified three-chain proves committed
 * are delivered); a delivered block is on disk in the {@link BlockStore} (SQLite, WAL,
 * {@code synchronous=FULL}) and is replayed from it after a restart; a command commits at most once
 * (per SHA-256), so resubmitting it after a timeout is safe. Log heights count the committed blocks
 * that carry commands (see {@link CommitFeed}); {@link #latestCertificate()} is the encoded
 * {@link CommitProof} of the latest commit, checkable by anyone holding the replica set.
 *
 * <p>The transport delivers inbound consensus messages through {@link #onMessage}; outbound ones
 * go to the {@link ReplicaNetwork} given at {@link #open}, on the replica thread (it must not block).
 */
public final class HotStuffLog implements ReplicatedLog {
  private final ReplicaSet replicas;
  private final CommitFeed feed;
  private final ReplicaRunner runner;
  private final int index;
  private final BlockStore store;

  private final Optional<RegistryValidator> validator;

  private HotStuffLog(ReplicaSet replicas, int index, CommitFeed feed, ReplicaRunner runner, BlockStore store,
      Optional<RegistryValidator> validator) {
    this.validator = validator;
    this.replicas = replicas;
    this.store = store;
    this.index = index;
    this.feed = feed;
    this.runner = runner;
  }

  /** Timing of a replica on a real network. */
  public record Timing(ReplicaConfig replica, long tickMillis, Duration submitTimeout) {
    public Timing {
      if (tickMillis < 1) {
        throw new IllegalArgumentException("tick must be at least 1 ms");
      }
    }

    /** 1 s view timeout, 10 ms ticks, 30 s before a submit gives up. */
    public static Timing defaults() {
      return new Timing(ReplicaConfig.defaults(), 10, Duration.ofSeconds(30));
    }
  }

  /**
   * A log of opaque commands: every command is ordered, whatever it is (tests of the log itself,
   * benchmarks). Restores the committed chain from {@code store}, then starts the replica on its
   * own thread. The store is owned by the log from now on and closed with it.
   */
  public static HotStuffLog open(int index, Ed25519PrivateKey key, ReplicaSet replicas, BlockStore store,
      ReplicaNetwork network, Timing timing) {
    return open(index, key, replicas, store, network, timing, Optional.empty());
  }

  /**
   * The registry's log: as {@link #open(int, Ed25519PrivateKey, ReplicaSet, BlockStore, ReplicaNetwork, Timing)},
   * but this replica proposes and votes only for commands the registry state machine accepts
   * against the state at the block's parent ({@link RegistryValidator}); {@code initial} is the
   * empty registry (its genesis authority). A command refused at submit fails with a
   * {@link CommandRefusedException} naming the rejection.
   */
  public static HotStuffLog openValidating(int index, Ed25519PrivateKey key, ReplicaSet replicas, BlockStore store,
      ReplicaNetwork network, Timing timing, RegistryState initial) {
    return open(index, key, replicas, store, network, timing,
        Optional.of(new RegistryValidator(initial, replicas.genesisHash())));
  }

  private static HotStuffLog open(int index, Ed25519PrivateKey key, ReplicaSet replicas, BlockStore store,
      ReplicaNetwork network, Timing timing, Optional<RegistryValidator> validator) {
    CommitFeed feed = new CommitFeed("replica-" + index, timing.submitTimeout());
    Optional<CommitProof> proof = store.loadCommitted();
    byte[] storedCertificate = proof.map(CommitProof::encode).orElse(null);
    for (CommittedBlock b : committedChain(replicas, store, proof)) {
      // The stored proof commits the tip, and so every ancestor replayed here.
      feed.onCommit(b, storedCertificate);
      validator.ifPresent(v -> v.onCommit(b));
    }
    AtomicReference<Replica> self = new AtomicReference<>();
    // Runs on the replica thread, where the tree already holds the proof of this very commit.
    Replica replica = new Replica(index, key, replicas, store, network,
        b -> {
          validator.ifPresent(v -> v.onCommit(b));
          feed.onCommit(b, self.get().latestCommitProof().encode());
        },
        timing.replica(), SignatureVerifier.ED25519, validator.<CommandValidator>map(v -> v).orElse(CommandValidator.ACCEPT_ALL));
    self.set(replica);
    ReplicaRunner runner = new ReplicaRunner(replica, System::currentTimeMillis, timing.tickMillis());
    return new HotStuffLog(replicas, index, feed, runner, store, validator);
  }

  /**
   * The committed chain as the store records it: the blocks from the stored proof's committed
   * block back to genesis, following parent links, in ascending height.
   */
  static List<CommittedBlock> committedChain(ReplicaSet replicas, BlockStore store, Optional<CommitProof> proof) {
    if (proof.isEmpty() || proof.get().height() == 0) {
      return List.of();
    }
    Map<BlockHash, Block> byHash = new HashMap<>();
    store.loadBlocks().forEach(b -> byHash.put(b.hash(), b));
    List<CommittedBlock> chain = new ArrayList<>();
    BlockHash cursor = proof.get().committed();
    while (!cursor.equals(replicas.genesisHash())) {
      Block b = byHash.get(cursor);
      if (b == null) {
        throw new IllegalStateException("block store is missing committed block " + cursor + "; restore it from a peer");
      }
      chain.add(new CommittedBlock(b.height(), b.view(), b.hash(), b.timeMillis(), b.commands()));
      cursor = b.parent();
    }
    Collections.reverse(chain);
    return chain;
  }

  /** Hands an inbound consensus message from replica (or learner) {@code from} to the replica thread. */
  public void onMessage(int from, byte[] message) {
    runner.deliver(from, message);
  }

  /** This replica's position in the replica set. */
  public int index() {
    return index;
  }

  public ReplicaSet replicas() {
    return replicas;
  }

  @Override
  public CompletableFuture<CommitReceipt> submit(byte[] command) {
    if (command == null || command.length == 0 || command.length > Block.MAX_COMMAND_BYTES) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "command must be 1.." + Block.MAX_COMMAND_BYTES + " bytes"));
    }
    byte[] copy = command.clone();
    CompletableFuture<CommitReceipt> done = feed.awaitCommit(copy);
    if (!done.isDone()) {
      runner.submit(copy).whenComplete((accepted, error) -> {
        if (error != null) {
          Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
              ? error.getCause() : error;
          Optional<Rejection> why = cause instanceof IllegalArgumentException
              ? validator.flatMap(v -> v.explain(copy, System.currentTimeMillis())) : Optional.empty();
          feed.fail(copy, done, why.<Throwable>map(CommandRefusedException::new).orElseGet(() ->
              new IllegalStateException("replica could not take the command: " + cause.getMessage(), error)));
        } else if (!accepted) {
          feed.fail(copy, done, new IllegalStateException(
              "replica's pending-command pool is full; retry later"));
        }
      });
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

  /** Height in the consensus chain (every committed block, including empty ones). */
  public long consensusHeight() {
    return feed.consensusHeight();
  }

  /** The replica that led the view of the latest committed block: most likely the current leader. */
  public int recentLeader() {
    return replicas.leaderOf(feed.lastCommittedView());
  }

  @Override
  public Optional<byte[]> latestCertificate() {
    return feed.latestCertificate();
  }

  /** Stops the replica thread, fails waiting submits and closes the store. */
  @Override
  public void close() {
    if (feed.isClosed()) {
      return;
    }
    runner.close();
    feed.close();
    // SqliteBlockStore's methods are synchronized, so this waits for a write in progress.
    store.close();
  }
}
