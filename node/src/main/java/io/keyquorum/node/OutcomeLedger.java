package io.keyquorum.node;

import io.keyquorum.registry.ApplyResult;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.RegistryStateMachine;
import io.keyquorum.registry.log.CommittedBlock;
import io.keyquorum.registry.log.ReplicatedLog;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A running digest of every command's outcome (accepted, or the rejection code and message) in
 * log order, so that replicas can be compared for deciding identically, not only for ending in
 * the same state. Applies the committed log with its own {@link RegistryStateMachine}.
 */
public final class OutcomeLedger {
  private final RegistryStateMachine machine = new RegistryStateMachine();
  private final MessageDigest chain;
  private RegistryState state;
  private byte[] digest = new byte[32];
  private long rejected;
  private volatile Snapshot snapshot = new Snapshot(0, new byte[32], 0);

  /** Outcomes up to {@code height}: the digest chain and how many commands were rejected. */
  public record Snapshot(long height, byte[] digest, long rejected) {
    public Snapshot {
      digest = digest.clone();
    }

    @Override
    public byte[] digest() {
      return digest.clone();
    }
  }

  public OutcomeLedger(ReplicatedLog log, RegistryState initial) {
    try {
      chain = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    this.state = initial;
    log.subscribe(1, this::apply);
  }

  private synchronized void apply(CommittedBlock block) {
    RegistryState next = state.withHeight(block.height());
    for (int i = 0; i < block.size(); i++) {
      ApplyResult result = machine.apply(next, block.timeMillis(), block.command(i));
      next = result.state();
      CanonicalWriter w = new CanonicalWriter().fixed(digest, 32).u64(block.height()).u32(i)
          .bool(result.rejection().isPresent());
      result.rejection().ifPresent(r -> w.string(r.code().name()).string(r.message()));
      digest = chain.digest(w.toByteArray());
      if (result.rejection().isPresent()) {
        rejected++;
      }
    }
    state = next;
    snapshot = new Snapshot(block.height(), digest, rejected);
  }

  /** The SHA-256 chain over (previous, height, index, outcome) of every command applied so far. */
  public Snapshot snapshot() {
    return snapshot;
  }
}
