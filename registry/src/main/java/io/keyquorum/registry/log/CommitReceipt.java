package io.keyquorum.registry.log;

/** Where a submitted command was committed: the block height and its index within the block. */
public record CommitReceipt(long height, int index) {
  public CommitReceipt {
    if (height < 1 || index < 0) {
      throw new IllegalArgumentException("receipt needs height >= 1 and index >= 0, got " + height + "/" + index);
    }
  }
}
