package io.keyquorum.attestor;

import io.keyquorum.attestor.audit.AuditEntry;
import io.keyquorum.attestor.audit.AuditLog;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.registry.AuditAnchor;
import io.keyquorum.registry.CommandOutcome;
import io.keyquorum.registry.Governance;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.AnchorAuditHead;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.SignedCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anchors this node's audit head in the registry ({@link AnchorAuditHead}), so that cutting the
 * audit rows and the signed heads back together on this node's disk no longer goes unnoticed:
 * every replica keeps the anchored row and hash, and {@code kq audit verify} checks the chain
 * against the network's copy.
 *
 * <p>Called on a schedule; it submits only when the chain has grown past the anchored row, and
 * never waits for the commit (the submit future is watched, not joined), so it neither adds work
 * while the node is idle nor holds up request handling. Blocks that carry only anchors are not
 * audited ({@link RegistryAuditor}), otherwise every anchor would be a new row to anchor.
 */
final class AuditAnchorer {
  private static final Logger LOG = LoggerFactory.getLogger(AuditAnchorer.class);
  /** An anchor that neither commits nor fails by then is given up; the next tick retries. */
  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(2);

  private final String nodeId;
  private final Ed25519PrivateKey signingKey;
  private final AuditLog audit;
  private final Supplier<RegistryState> registry;
  private final Function<SignedCommand, CompletableFuture<CommandOutcome>> submitter;
  private final Clock clock;
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private volatile long lastSequence;
  private volatile boolean warnedBelowAnchor;

  AuditAnchorer(String nodeId, Ed25519PrivateKey signingKey, AuditLog audit, Supplier<RegistryState> registry,
      Function<SignedCommand, CompletableFuture<CommandOutcome>> submitter, Clock clock) {
    this.nodeId = nodeId;
    this.signingKey = signingKey;
    this.audit = audit;
    this.registry = registry;
    this.submitter = submitter;
    this.clock = clock;
  }

  /** Submits an anchor of the current chain end if it is past the anchored one; true if it did. */
  boolean anchorIfGrown() {
    RegistryState state = registry.get();
    if (state.governance().isEmpty() || state.governance().get().attestor(nodeId).isEmpty()) {
      return false;
    }
    Optional<AuditEntry> last = audit.last();
    long anchored = state.auditAnchor(nodeId).map(AuditAnchor::seq).orElse(0L);
    if (last.isEmpty() || last.get().seq() <= anchored) {
      if (last.map(AuditEntry::seq).orElse(0L) < anchored && !warnedBelowAnchor) {
        // This node's own chain is shorter than what it once anchored: its file was cut back.
        warnedBelowAnchor = true;
        LOG.error("audit chain ends at row {} but this node anchored row {} in the registry: the audit log "
            + "was truncated; run kq audit verify", last.map(AuditEntry::seq).orElse(0L), anchored);
      }
      return false;
    }
    if (!inFlight.compareAndSet(false, true)) {
      return false;
    }
    AuditEntry end = last.get();
    SignedCommand anchor = SignedCommand.sign(
        new AnchorAuditHead(header(state), end.seq(), Blob.copyOf(end.hash())), signingKey);
    CompletableFuture<CommandOutcome> outcome;
    try {
      outcome = submitter.apply(anchor);
    } catch (RuntimeException e) {
      inFlight.set(false);
      throw e;
    }
    outcome.orTimeout(SUBMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((o, error) -> {
      inFlight.set(false);
      if (error != null) {
        LOG.warn("audit anchor at row {} was not committed: {}", end.seq(), error.getMessage());
      } else if (!o.accepted()) {
        LOG.warn("audit anchor at row {} was rejected: {}", end.seq(), o.rejection().get());
      }
    });
    return true;
  }

  private CommandHeader header(RegistryState state) {
    // Shares the attestor's sequence space with its share receipts: epoch milliseconds, bumped
    // past the last accepted one. A collision with a concurrent receipt only rejects one of
    // them, and both are retried (the receipt by the next scan, the anchor by the next tick).
    long accepted = state.sequences().getOrDefault("attestor:" + nodeId, 0L);
    long next = Math.max(Math.max(lastSequence + 1, accepted + 1), clock.millis());
    lastSequence = next;
    Governance g = state.governance().get();
    return new CommandHeader(g.networkId(), g.genesisHash(), nodeId, next);
  }
}
