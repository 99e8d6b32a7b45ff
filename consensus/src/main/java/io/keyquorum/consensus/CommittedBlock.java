package io.keyquorum.consensus;

import java.util.List;
import java.util.Objects;

/**
 * A block as the application sees it once committed: its height in the committed chain, its
 * commands and its time (the proposer's clock, bounded by every voter's, strictly increasing
 * along the chain).
 */
public record CommittedBlock(long height, long view, BlockHash hash, long timeMillis, List<byte[]> commands) {
  public CommittedBlock {
    Objects.requireNonNull(hash, "hash");
    commands = List.copyOf(commands);
  }

  static CommittedBlock of(Block b) {
    return new CommittedBlock(b.height(), b.view(), b.hash(), b.timeMillis(), b.commands());
  }
}
