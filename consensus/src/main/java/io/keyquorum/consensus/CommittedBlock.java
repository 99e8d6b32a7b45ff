package io.keyquorum.consensus;

import java.util.List;
import java.util.Objects;

/** A block as the application sees it once committed: its height in the committed chain and its commands. */
public record CommittedBlock(long height, long view, BlockHash hash, List<byte[]> commands) {
  public CommittedBlock {
    Objects.requireNonNull(hash, "hash");
    commands = List.copyOf(commands);
  }

  static CommittedBlock of(Block b) {
    return new CommittedBlock(b.height(), b.view(), b.hash(), b.commands());
  }
}
