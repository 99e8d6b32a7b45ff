package io.keyquorum.registry;

import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.log.CommitReceipt;
import io.keyquorum.registry.log.CommittedBlock;
import io.keyquorum.registry.log.ReplicatedLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry replica: follows a {@link ReplicatedLog}, applies each committed command to the
 * {@link RegistryStateMachine} in log order, and publishes the resulting immutable snapshot.
 *
 * <p>Reads ({@link #state()}) are lock-free: a volatile reference to an immutable state. Writes
 * happen only on the log's delivery thread. {@link #submit} resolves to the command's outcome, so
 * an author learns why a committed command was rejected.
 */
public final class Registry implements AutoCloseable {
  /** Outcomes kept for submitters whose commit receipt arrives after the block was applied. */
  private static final int RETAINED_OUTCOMES = 4096;
  private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

  private final ReplicatedLog log;
  private final RegistryStateMachine machine = new RegistryStateMachine();
  private final Object outcomesLock = new Object();
  private final Map<CommitReceipt, Optional<Rejection>> outcomes = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<CommitReceipt, Optional<Rejection>> eldest) {
      return size() > RETAINED_OUTCOMES;
    }
  };
  private final Map<CommitReceipt, CompletableFuture<CommandOutcome>> waiting = new HashMap<>();
  private final NavigableMap<Long, List<CompletableFuture<RegistryState>>> heightWaiters = new TreeMap<>();
  private volatile RegistryState state;

  /**
   * Starts following {@code log} from just after {@code initial.height()}: pass {@link
   * RegistryState#empty} to replay the whole log.
   */
  public Registry(ReplicatedLog log, RegistryState initial) {
    this.log = log;
    this.state = initial;
    log.subscribe(initial.height() + 1, this::applyBlock);
  }

  /** The latest applied snapshot; never blocks. */
  public RegistryState state() {
    return state;
  }

  /** Submits a signed command; completes after it is committed and applied, with its outcome. */
  public CompletableFuture<CommandOutcome> submit(SignedCommand command) {
    return log.submit(command.encode()).thenCompose(this::outcomeOf);
  }

  /**
   * Completes with the first applied snapshot at or above {@code height}; at once if the replica is
   * already there. Nothing blocks: the future is completed by the commit feed, so a caller may wait
   * for a height without holding a thread. A caller that gives up completes or cancels the future,
   * which forgets it.
   */
  public CompletableFuture<RegistryState> reached(long height) {
    synchronized (outcomesLock) {
      if (state.height() >= height) {
        return CompletableFuture.completedFuture(state);
      }
      CompletableFuture<RegistryState> waiter = new CompletableFuture<>();
      heightWaiters.computeIfAbsent(height, h -> new ArrayList<>()).add(waiter);
      waiter.whenComplete((s, e) -> {
        if (e != null) {
          forget(height, waiter);
        }
      });
      return waiter;
    }
  }

  private void forget(long height, CompletableFuture<RegistryState> waiter) {
    synchronized (outcomesLock) {
      List<CompletableFuture<RegistryState>> at = heightWaiters.get(height);
      if (at != null && at.remove(waiter) && at.isEmpty()) {
        heightWaiters.remove(height);
      }
    }
  }

  private CompletableFuture<CommandOutcome> outcomeOf(CommitReceipt receipt) {
    synchronized (outcomesLock) {
      Optional<Rejection> known = outcomes.get(receipt);
      if (known != null) {
        return CompletableFuture.completedFuture(new CommandOutcome(receipt, known));
      }
      if (receipt.height() <= state.height()) {
        return CompletableFuture.failedFuture(new IllegalStateException(
            "outcome of " + receipt + " is no longer retained; read the state instead"));
      }
      return waiting.computeIfAbsent(receipt, r -> new CompletableFuture<>());
    }
  }

  private void applyBlock(CommittedBlock block) {
    RegistryState current = state;
    if (block.height() <= current.height()) {
      return; // already applied (a log may redeliver after a restart of its subscription)
    }
    if (block.height() != current.height() + 1) {
      throw new IllegalStateException("log skipped from height " + current.height() + " to " + block.height());
    }
    AppliedBlock applied = machine.applyBlock(current, block.height(), block.timeMillis(), block.commands());
    RegistryState next = applied.state();
    Map<CommitReceipt, Optional<Rejection>> results = new LinkedHashMap<>();
    for (int i = 0; i < block.size(); i++) {
      Optional<Rejection> rejection = applied.outcomes().get(i);
      rejection.ifPresent(r -> LOG.info("block {}: command rejected: {}", block.height(), r));
      results.put(new CommitReceipt(block.height(), i), rejection);
    }
    List<CompletableFuture<RegistryState>> reached = new ArrayList<>();
    synchronized (outcomesLock) {
      // Published under the lock so outcomeOf never sees the new height without its outcomes.
      state = next;
      NavigableMap<Long, List<CompletableFuture<RegistryState>>> due = heightWaiters.headMap(next.height(), true);
      due.values().forEach(reached::addAll);
      due.clear();
      results.forEach((receipt, rejection) -> {
        outcomes.put(receipt, rejection);
        CompletableFuture<CommandOutcome> waiter = waiting.remove(receipt);
        if (waiter != null) {
          waiter.complete(new CommandOutcome(receipt, rejection));
        }
      });
    }
    // Outside the lock: a waiter's continuation must not run while holding it.
    RegistryState published = next;
    reached.forEach(w -> w.complete(published));
  }

  /** Closes the underlying log. */
  @Override
  public void close() {
    log.close();
  }
}
