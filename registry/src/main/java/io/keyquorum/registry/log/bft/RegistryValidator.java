package io.keyquorum.registry.log.bft;

import io.keyquorum.consensus.Block;
import io.keyquorum.consensus.BlockHash;
import io.keyquorum.consensus.CommandValidator;
import io.keyquorum.consensus.CommittedBlock;
import io.keyquorum.registry.ApplyResult;
import io.keyquorum.registry.AppliedBlock;
import io.keyquorum.registry.Rejection;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.RegistryStateMachine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's {@link CommandValidator}: a command may enter a block only if the state machine
 * would accept it against the state at the block's parent, at the block's time. So a Byzantine
 * leader's junk, a stranger's command or an unauthorised one gets no honest vote, whichever way it
 * reached the leader (client, peer link or forward).
 *
 * <p>It follows the consensus commit stream itself (on the replica thread, through {@link
 * #onCommit}), so its state is exactly that at the consensus committed tip whenever consensus asks;
 * the state at a proposal's parent is that state plus the uncommitted ancestors, dry-applied. The
 * result is a function of the committed chain and the proposal only, so honest replicas agree. The
 * state machine still checks every committed command at apply: this is a filter, not the guard.
 */
public final class RegistryValidator implements CommandValidator {
  private final RegistryStateMachine machine = new RegistryStateMachine();
  /** States after uncommitted blocks already judged, so each ancestor is dry-applied once per commit. */
  private final Map<BlockHash, RegistryState> pending = new HashMap<>();
  private volatile RegistryState committed;
  private BlockHash committedHash;
  private long committedHeight;

  /** Starts at the consensus genesis: {@code initial} is the empty registry, {@code genesis} the replica set's genesis hash. */
  public RegistryValidator(RegistryState initial, BlockHash genesis) {
    this.committed = initial;
    this.committedHash = genesis;
  }

  /** Advances to a newly committed consensus block; call in height order, on the replica thread. */
  public void onCommit(CommittedBlock block) {
    if (block.height() <= committedHeight) {
      return; // re-delivered after a crash between delivery and the stored proof (docs/CONSENSUS.md)
    }
    committedHeight = block.height();
    RegistryState before = committed;
    committed = pending.containsKey(block.hash()) ? pending.get(block.hash()) : after(before, block.timeMillis(), block.commands());
    committedHash = block.hash();
    pending.clear();
  }

  @Override
  public List<byte[]> admissible(BlockHash committedTip, List<Block> uncommitted, long timeMillis, List<byte[]> commands) {
    if (!committedTip.equals(committedHash)) {
      return List.of(); // not at the tip consensus judges from: refuse rather than judge against another state
    }
    RegistryState state = committed;
    for (Block b : uncommitted) {
      RegistryState base = state;
      state = pending.computeIfAbsent(b.hash(), h -> after(base, b.timeMillis(), b.commands()));
    }
    RegistryState next = state.withHeight(state.height() + 1);
    List<byte[]> admitted = new ArrayList<>(commands.size());
    for (byte[] command : commands) {
      ApplyResult r = machine.apply(next, timeMillis, command);
      if (r.rejection().isEmpty()) {
        admitted.add(command);
        next = r.state();
      }
    }
    return admitted;
  }

  /** Why the state machine would refuse {@code command} now, at the committed tip (for error messages). */
  public Optional<Rejection> explain(byte[] command, long nowMillis) {
    RegistryState s = committed;
    return machine.apply(s.withHeight(s.height() + 1), nowMillis, command).rejection();
  }

  /** Log heights count only blocks with commands (see {@link CommitFeed}); empty blocks leave the state alone. */
  private RegistryState after(RegistryState state, long timeMillis, List<byte[]> commands) {
    if (commands.isEmpty()) {
      return state;
    }
    AppliedBlock applied = machine.applyBlock(state, state.height() + 1, timeMillis, commands);
    return applied.state();
  }
}
