package io.keyquorum.consensus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Commands waiting to be proposed, first come first served, keyed by SHA-256 so a command submitted
 * to several replicas, or twice, is held once. Bounded so that a flood cannot exhaust memory.
 */
final class CommandPool {
  private final Map<BlockHash, byte[]> pending = new LinkedHashMap<>();
  private final int maxCommands;
  private final long maxBytes;
  private long bytes;

  CommandPool(int maxCommands, long maxBytes) {
    this.maxCommands = maxCommands;
    this.maxBytes = maxBytes;
  }

  /** Returns false if the pool is full; a command already held counts as accepted. */
  boolean add(BlockHash hash, byte[] command) {
    if (pending.containsKey(hash)) {
      return true;
    }
    if (pending.size() >= maxCommands || bytes + command.length > maxBytes) {
      return false;
    }
    pending.put(hash, command.clone());
    bytes += command.length;
    return true;
  }

  void removeAll(List<BlockHash> hashes) {
    for (BlockHash h : hashes) {
      byte[] removed = pending.remove(h);
      if (removed != null) {
        bytes -= removed.length;
      }
    }
  }

  boolean hasAny(Predicate<BlockHash> taken) {
    return pending.keySet().stream().anyMatch(h -> !taken.test(h));
  }

  /** The oldest commands not {@code taken}, up to {@code maxBytes} in total; taken ones are dropped. */
  List<byte[]> batch(Predicate<BlockHash> taken, int maxBytes, int maxCount) {
    List<byte[]> out = new ArrayList<>();
    long bytes = 0;
    Iterator<Map.Entry<BlockHash, byte[]>> it = pending.entrySet().iterator();
    while (it.hasNext() && out.size() < maxCount) {
      Map.Entry<BlockHash, byte[]> e = it.next();
      if (taken.test(e.getKey())) {
        continue;
      }
      if (bytes + e.getValue().length > maxBytes) {
        break;
      }
      bytes += e.getValue().length;
      out.add(e.getValue());
    }
    return out;
  }

  int size() {
    return pending.size();
  }
}
