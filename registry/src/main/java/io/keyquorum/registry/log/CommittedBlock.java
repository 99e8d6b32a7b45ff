package io.keyquorum.registry.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A committed block: its height (1, 2, 3, ... with no gaps), its commands in commit order, and
 * the opaque proof of commitment (a quorum certificate for BFT logs; empty for one replica).
 * Immutable: accessors return copies, so one listener cannot alter what another sees.
 */
public final class CommittedBlock {
  private final long height;
  private final List<byte[]> commands;
  private final byte[] certificate;

  public CommittedBlock(long height, List<byte[]> commands, Optional<byte[]> certificate) {
    if (height < 1) {
      throw new IllegalArgumentException("block height starts at 1, got " + height);
    }
    List<byte[]> copy = new ArrayList<>(commands.size());
    commands.forEach(c -> copy.add(c.clone()));
    this.height = height;
    this.commands = Collections.unmodifiableList(copy);
    this.certificate = certificate.map(byte[]::clone).orElse(null);
  }

  public long height() {
    return height;
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
