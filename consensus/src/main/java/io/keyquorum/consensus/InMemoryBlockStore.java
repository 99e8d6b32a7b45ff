package io.keyquorum.consensus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link BlockStore} in memory, for simulation and tests; survives a simulated restart if the same instance is reused. */
public final class InMemoryBlockStore implements BlockStore {
  private final Map<BlockHash, Block> blocks = new LinkedHashMap<>();
  private CommitProof committed;
  private SafetyState safety;

  @Override
  public synchronized void putBlock(Block block) {
    if (!block.isGenesis()) {
      blocks.putIfAbsent(block.hash(), block);
    }
  }

  @Override
  public synchronized List<Block> loadBlocks() {
    List<Block> out = new ArrayList<>(blocks.values());
    out.sort(Comparator.comparingLong(Block::height));
    return out;
  }

  @Override
  public synchronized void saveCommitted(CommitProof proof) {
    committed = proof;
  }

  @Override
  public synchronized Optional<CommitProof> loadCommitted() {
    return Optional.ofNullable(committed);
  }

  @Override
  public synchronized void saveSafety(SafetyState state) {
    safety = state;
  }

  @Override
  public synchronized Optional<SafetyState> loadSafety() {
    return Optional.ofNullable(safety);
  }

  @Override
  public void close() {
    // Nothing to release; the contents stay for a simulated restart.
  }
}
