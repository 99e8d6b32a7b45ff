package io.keyquorum.consensus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blocks a node knows, linked by parent, and the committed prefix among them. Holds the
 * chained-HotStuff commit rule (Algorithm 3 / Algorithm 4 {@code update}: commit b when b'' ← b'
 * ← b are direct links in consecutive views and b'' is certified). Single-threaded; no I/O.
 *
 * <p>Invariant: the committed blocks form one chain from genesis, and a commit that does not
 * extend it throws {@link IllegalStateException} (it would mean more than f replicas are faulty).
 */
final class BlockTree {
  private final Map<BlockHash, Block> blocks = new HashMap<>();
  private final List<Block> committed = new ArrayList<>();
  private final Set<BlockHash> committedCommands = new HashSet<>();
  private CommitProof latestProof;

  BlockTree(ReplicaSet replicas) {
    Block genesis = replicas.genesis();
    blocks.put(genesis.hash(), genesis);
    committed.add(genesis);
    latestProof = new CommitProof(genesis.hash(), 0, null, null, null);
  }

  boolean contains(BlockHash hash) {
    return blocks.containsKey(hash);
  }

  Block get(BlockHash hash) {
    return blocks.get(hash);
  }

  /**
   * Adds a block whose parent is known. Checks the links a certificate alone cannot: height is
   * parent height + 1, and the justify's view is the parent's view (an honest vote is always for
   * (block.view, block.hash)).
   */
  void insert(Block b) {
    if (blocks.containsKey(b.hash())) {
      return;
    }
    Block parent = blocks.get(b.parent());
    if (parent == null) {
      throw new IllegalArgumentException("parent of " + b + " is unknown");
    }
    if (b.height() != parent.height() + 1 || b.justify().view() != parent.view()) {
      throw new IllegalArgumentException(b + " does not link to its parent " + parent);
    }
    blocks.put(b.hash(), b);
  }

  long committedHeight() {
    return committed.size() - 1;
  }

  Block committedTip() {
    return committed.get(committed.size() - 1);
  }

  Block committedAt(long height) {
    return height >= 0 && height < committed.size() ? committed.get((int) height) : null;
  }

  CommitProof latestProof() {
    return latestProof;
  }

  /** True if {@code b} is {@code ancestor} or descends from it (HotStuff "extends"). */
  boolean extendsBlock(Block b, BlockHash ancestor) {
    Block target = blocks.get(ancestor);
    if (target == null) {
      return false;
    }
    Block cur = b;
    while (cur != null && cur.height() > target.height()) {
      cur = blocks.get(cur.parent());
    }
    return cur != null && cur.hash().equals(ancestor);
  }

  /** Blocks from the committed tip (exclusive) to {@code head} (inclusive), oldest first. */
  List<Block> uncommittedPath(Block head) {
    Deque<Block> path = new ArrayDeque<>();
    Block cur = head;
    long tipHeight = committedHeight();
    while (cur != null && cur.height() > tipHeight) {
      path.addFirst(cur);
      cur = blocks.get(cur.parent());
    }
    return new ArrayList<>(path);
  }

  /** Whether a command is already committed or carried by {@code head} or an uncommitted ancestor of it. */
  java.util.function.Predicate<BlockHash> commandsTakenBy(Block head) {
    Set<BlockHash> inFlight = new HashSet<>();
    uncommittedPath(head).forEach(b -> inFlight.addAll(b.commandHashes()));
    return h -> committedCommands.contains(h) || inFlight.contains(h);
  }

  boolean isCommitted(BlockHash command) {
    return committedCommands.contains(command);
  }

  /** Exactly-once: a block may not repeat a command of its own, of an ancestor, or of the committed chain. */
  boolean repeatsCommands(Block b) {
    Set<BlockHash> seen = new HashSet<>();
    for (Block a : uncommittedPath(blocks.get(b.parent()))) {
      seen.addAll(a.commandHashes());
    }
    for (BlockHash c : b.commandHashes()) {
      if (committedCommands.contains(c) || !seen.add(c)) {
        return true;
      }
    }
    return false;
  }

  /** True while some uncommitted block up to {@code head} carries commands that still need their three-chain. */
  boolean hasUncommittedCommands(Block head) {
    return uncommittedPath(head).stream().anyMatch(b -> b.commandCount() > 0);
  }

  /**
   * Applies the commit rule to a verified certificate whose block is known and returns the blocks
   * it newly commits, lowest first (possibly none).
   */
  List<Block> commitsProvenBy(QuorumCertificate qc) {
    Block b2 = blocks.get(qc.blockHash());
    if (b2 == null || b2.isGenesis()) {
      return List.of();
    }
    Block b1 = blocks.get(b2.parent());
    if (b1 == null || b1.isGenesis()) {
      return List.of();
    }
    Block b0 = blocks.get(b1.parent());
    if (b0 == null || b0.height() <= committedHeight()) {
      return List.of();
    }
    // Direct links are given (parent = justify block); HotStuff's "direct parent" also needs consecutive views.
    if (b2.view() != b1.view() + 1 || b1.view() != b0.view() + 1) {
      return List.of();
    }
    List<Block> path = uncommittedPath(b0);
    if (path.isEmpty() || !path.get(0).parent().equals(committedTip().hash())) {
      throw new IllegalStateException("safety violated: " + b0 + " does not extend committed " + committedTip());
    }
    for (Block b : path) {
      committed.add(b);
      committedCommands.addAll(b.commandHashes());
    }
    latestProof = new CommitProof(b0.hash(), b0.height(), b1, b2, qc);
    return path;
  }

  /**
   * Commits up to the block a verified {@link CommitProof} names, if it is known and ahead of the
   * committed tip; returns the newly committed blocks. A proof for an already committed height
   * must name the block committed there.
   */
  List<Block> commitsProvenBy(CommitProof proof) {
    if (proof.height() <= committedHeight()) {
      if (!committed.get((int) proof.height()).hash().equals(proof.committed())) {
        throw new IllegalStateException("safety violated: proof commits " + proof.committed() + " at height " + proof.height());
      }
      return List.of();
    }
    Block b0 = blocks.get(proof.committed());
    if (b0 == null) {
      return List.of();
    }
    List<Block> path = uncommittedPath(b0);
    if (path.isEmpty() || !path.get(0).parent().equals(committedTip().hash())) {
      throw new IllegalStateException("safety violated: " + b0 + " does not extend committed " + committedTip());
    }
    for (Block b : path) {
      committed.add(b);
      committedCommands.addAll(b.commandHashes());
    }
    latestProof = proof;
    return path;
  }

  /** Restores the committed prefix after a restart, from blocks already inserted. */
  void restoreCommitted(CommitProof proof) {
    Block tip = blocks.get(proof.committed());
    if (tip == null) {
      throw new IllegalStateException("stored commit mark names an unknown block " + proof.committed());
    }
    for (Block b : uncommittedPath(tip)) {
      committed.add(b);
      committedCommands.addAll(b.commandHashes());
    }
    latestProof = proof;
  }

  /**
   * The chain from height {@code from} towards {@code target}, oldest first, at most
   * {@code maxBlocks} and roughly {@code maxBytes}; committed blocks are read by height.
   */
  List<Block> chainTowards(long from, Block target, int maxBlocks, long maxBytes) {
    List<Block> out = new ArrayList<>();
    long bytes = 0;
    long start = Math.max(from, 1);
    long h = start;
    while (h <= committedHeight() && out.size() < maxBlocks && bytes < maxBytes && target.height() >= h) {
      Block b = committed.get((int) h++);
      out.add(b);
      bytes += b.encodedLength();
    }
    if (!extendsBlock(target, committedTip().hash())) {
      return out;
    }
    for (Block b : uncommittedPath(target)) {
      if (b.height() < start || out.size() >= maxBlocks || bytes >= maxBytes) {
        continue;
      }
      out.add(b);
      bytes += b.encodedLength();
    }
    return out;
  }
}
