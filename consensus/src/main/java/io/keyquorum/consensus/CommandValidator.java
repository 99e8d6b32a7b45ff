package io.keyquorum.consensus;

import java.util.List;

/**
 * The application's say, before ordering, on which commands may enter a block (a leader proposes
 * only these; a replica votes only for a block made of them). Consensus stays ignorant of what
 * commands mean; this is how junk and unauthorised commands are kept out of the log instead of
 * being committed and then rejected.
 *
 * <p>Contract: the answer must be a deterministic function of the arguments (the state after the
 * committed block {@code committed}, then the blocks of {@code uncommitted}, is the state at the
 * new block's parent), so that every honest replica judges a proposal alike however far its own
 * pipeline has got. It runs on the replica thread and must not block. A check here is a filter,
 * not the guard: the application must still check each command deterministically when it applies
 * the committed log.
 */
@FunctionalInterface
public interface CommandValidator {
  /** Accepts everything: for logs of opaque bytes (tests, benchmarks) where the application judges only at apply. */
  CommandValidator ACCEPT_ALL = (committed, uncommitted, timeMillis, commands) -> commands;

  /**
   * Returns the commands, in their order, that the application accepts in a block at {@code
   * timeMillis} whose ancestors after the committed block {@code committed} are {@code uncommitted}
   * (oldest first, ending with the parent; empty when the parent is {@code committed}). Each command
   * is judged against the state left by those before it.
   */
  List<byte[]> admissible(BlockHash committed, List<Block> uncommitted, long timeMillis, List<byte[]> commands);
}
