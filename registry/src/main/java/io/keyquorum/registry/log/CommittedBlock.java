package io.keyquorum.registry.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A committed block: its height (1, 2, 3, ... with no gaps), its time, its commands in commit
 * order, and the opaque proof of commitment (a quorum certificate for BFT logs; empty for one
 * replica). The time is the log's: the proposer's clock as bounded by the voters' for a BFT log,
 * the single replica's clock otherwise; it increases strictly from block to block.
 * Immutable: accessors return copies, so one listener cannot alter what another sees.
 */
public final class CommittedBlock {
  private final long height;
  private final long timeMillis;
  private final List<byte[]> commands;
  private final byte[] certificate;

  /** A block without a time (0): nothing it carries can make a deletion due. */
  public CommittedBlock(long height, List<byte[]> commands, Optional<byte[]> certificate) {
    this(height, 0, commands, certificate);
  }

  public CommittedBlock(long height, long timeMillis, List<byte[]> commands, Optional<byte[]> certificate) {
    if (height < 1 || timeMillis < 0) {
      throw new IllegalArgumentException("block height starts at 1 and time is not negative, got " + height + ", " + timeMillis);
    }
    this.timeMillis = timeMillis;
    List<byte[]> copy = new ArrayList<>(commands.size());
    commands.forEach(c -> copy.add(c.clone()));
    this.height = height;
    this.commands = Collections.unmodifiableList(copy);
    this.certificate = certificate.map(byte[]::clone).orElse(null);
  }

  public long height() {
    return height;
  }

  /** Epoch milliseconds at which the block committed, as the log vouches for it. */
  public long timeMillis() {
    return timeMillis;
  }

  public int size() {
    return commands.size();
  }

  public byte[] command(int index) {
    return commands.get(index).clone();
  }

  public List<byte[]> commands() {
    List<byte[]> out = new ArrayList<>(commands.size());
    commands.forEach(c -> out.add(c.clone()));
    return out;
  }

  public Optional<byte[]> certificate() {
    return Optional.ofNullable(certificate).map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "CommittedBlock[height " + height + ", " + commands.size() + " commands]";
  }
}
