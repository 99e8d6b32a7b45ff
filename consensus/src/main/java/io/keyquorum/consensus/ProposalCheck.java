package io.keyquorum.consensus;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a proposal must satisfy beyond HotStuff's safety rules before this replica votes for it (or,
 * as leader, proposes it): a plausible time, and commands the application admits against the state
 * at the block's parent ({@link CommandValidator}). Both only withhold votes, so they can cost
 * liveness under a faulty leader but never safety.
 */
final class ProposalCheck {
  /**
   * How far a block's time may be from this replica's clock, either way, for it to get a vote.
   * Commit needs q votes, so a committed time is within this bound of some honest replica's clock:
   * a leader cannot backdate or post-date a block (and so a deletion date) by more.
   */
  static final long MAX_CLOCK_SKEW_MILLIS = 30_000;

  private final BlockTree tree;
  private final CommandValidator validator;

  ProposalCheck(BlockTree tree, CommandValidator validator) {
    this.tree = tree;
    this.validator = java.util.Objects.requireNonNull(validator, "validator");
  }

  /** The block's time follows its parent's and lies within {@link #MAX_CLOCK_SKEW_MILLIS} of {@code now}. */
  boolean timely(Block b, long now) {
    Block parent = tree.get(b.parent());
    return b.timeMillis() > parent.timeMillis() && Math.abs(b.timeMillis() - now) <= MAX_CLOCK_SKEW_MILLIS;
  }

  /** Every command of {@code b} is admitted against the state at b's parent. */
  boolean admissible(Block b) {
    if (validator == CommandValidator.ACCEPT_ALL) {
      return true;
    }
    Block parent = tree.get(b.parent());
    if (!onCommittedChain(parent)) {
      return false; // it can never commit, and there is no state to judge it against
    }
    List<byte[]> commands = b.commands();
    return judge(parent, b.timeMillis(), commands).size() == commands.size();
  }

  /** Whether {@code command} would be admitted in a block extending {@code highQc} at {@code now}. */
  boolean admissibleAtTip(byte[] command, QuorumCertificate highQc, long now) {
    if (validator == CommandValidator.ACCEPT_ALL) {
      return true;
    }
    Block parent = tree.get(highQc.blockHash());
    if (!onCommittedChain(parent)) {
      parent = tree.committedTip();
    }
    return !judge(parent, Math.max(now, parent.timeMillis() + 1), List.of(command)).isEmpty();
  }

  /**
   * The commands of {@code batch} a leader may propose on {@code parent} at {@code time}, or null if
   * no honest replica would vote for a child of {@code parent}. Refused commands are handed to
   * {@code drop}, so the leader does not offer them every view (other replicas keep their copies,
   * so one that becomes valid later can still be proposed).
   */
  List<byte[]> proposable(Block parent, long time, List<byte[]> batch, Consumer<List<BlockHash>> drop) {
    if (validator == CommandValidator.ACCEPT_ALL) {
      return batch;
    }
    if (!onCommittedChain(parent)) {
      return null;
    }
    List<byte[]> admitted = judge(parent, time, batch);
    if (admitted.size() != batch.size()) {
      Set<BlockHash> kept = new HashSet<>();
      admitted.forEach(c -> kept.add(BlockHash.sha256(c)));
      drop.accept(batch.stream().map(BlockHash::sha256).filter(h -> !kept.contains(h)).toList());
      if (admitted.isEmpty() && !tree.hasUncommittedCommands(parent)) {
        return null;
      }
    }
    return admitted;
  }

  private boolean onCommittedChain(Block parent) {
    return tree.extendsBlock(parent, tree.committedTip().hash());
  }

  private List<byte[]> judge(Block parent, long time, List<byte[]> commands) {
    return validator.admissible(tree.committedTip().hash(), tree.uncommittedPath(parent), time, commands);
  }
}
