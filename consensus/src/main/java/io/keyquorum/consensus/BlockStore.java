package io.keyquorum.consensus;

import java.util.List;
import java.util.Optional;

/**
 * Durable storage for one replica: the blocks it knows, how far it has committed, and its
 * {@link SafetyState}. Every method is atomic: after a crash, each call either happened
 * completely or not at all.
 */
public interface BlockStore extends AutoCloseable {
  /** Stores a block; storing the same block again is a no-op. */
  void putBlock(Block block);

  /** Every stored block, in ascending height (genesis is never stored: it is derived). */
  List<Block> loadBlocks();

  /** Records that the chain is committed up to {@code proof.committed()} at {@code proof.height()}. */
  void saveCommitted(CommitProof proof);

  Optional<CommitProof> loadCommitted();

  void saveSafety(SafetyState state);

  Optional<SafetyState> loadSafety();

  @Override
  void close();
}
