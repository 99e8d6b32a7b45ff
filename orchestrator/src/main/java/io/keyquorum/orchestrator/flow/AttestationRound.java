package io.keyquorum.orchestrator.flow;

import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.orchestrator.flow.AttestorOutcome.Status;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.RequestDigest;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * DESIGN §4 step 3: asks every attestor of the key at once, with a deadline, and verifies each
 * answer on arrival (signature by the attestor asked, same request digest, same key and version,
 * unexpired, judged at or after the key's last committed change).
 *
 * <p>{@link #quorum()} completes as soon as t approvals are in, or fails as soon as t is
 * impossible (approvals plus pending answers below t), listing every attestor's outcome. Answers
 * that arrive after the quorum are still verified and kept, so {@link #nextApproval} can supply a
 * replacement when an approving attestor's share turns out bad.
 */
public final class AttestationRound {
  private final ResolvedKey key;
  private final SignedKeyRequest request;
  private final RequestDigest digest;
  private final Duration deadline;
  private final LongSupplier clock;
  private final AllowCheck allowCheck;
  private final AttestorFault.Sink faults;
  private final Map<String, AttestorOutcome> outcomes = new LinkedHashMap<>();
  private final List<Approval> approvals = new ArrayList<>();
  private final CompletableFuture<List<Approval>> quorum = new CompletableFuture<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private int pending;

  private record Waiter(Set<String> used, CompletableFuture<Approval> future) {}

  private AttestationRound(ResolvedKey key, SignedKeyRequest request, Duration deadline, LongSupplier clock,
      AllowCheck allowCheck, AttestorFault.Sink faults) {
    this.key = key;
    this.request = request;
    this.digest = request.digest();
    this.deadline = deadline;
    this.clock = clock;
    this.allowCheck = allowCheck;
    this.faults = faults;
  }

  /** Sends {@code request} to every attestor of {@code key} concurrently. */
  public static AttestationRound start(ResolvedKey key, SignedKeyRequest request, AttestorTransport transport,
      Duration deadline, LongSupplier clock) {
    return start(key, request, transport, deadline, clock, AllowCheck.NONE, AttestorFault.Sink.NONE);
  }

  /**
   * As above; every allow must also pass {@code allowCheck}, and each answer no honest attestor
   * sends (see {@link AttestorFault}) is reported to {@code faults} as it is detected.
   */
  public static AttestationRound start(ResolvedKey key, SignedKeyRequest request, AttestorTransport transport,
      Duration deadline, LongSupplier clock, AllowCheck allowCheck, AttestorFault.Sink faults) {
    AttestationRound round = new AttestationRound(key, request, deadline, clock, allowCheck, faults);
    List<String> asked = new ArrayList<>();
    synchronized (round) {
      for (String id : key.attestors()) {
        if (transport.reachable(id)) {
          asked.add(id);
          round.pending++;
        } else {
          round.outcomes.put(id, new AttestorOutcome(id, Status.UNREACHABLE, "no connection", Optional.empty()));
        }
      }
      round.settle();
    }
    for (String id : asked) {
      CompletableFuture<SignedAttestation> answer;
      try {
        answer = transport.attest(id, request, key.key().changedAtHeight());
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      answer.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).whenComplete((a, err) -> round.onAnswer(id, a, err));
    }
    return round;
  }

  public RequestDigest digest() {
    return digest;
  }

  /** Completes with the first t approvals, or fails with an INSUFFICIENT_ATTESTATIONS {@link OrchestratorException}. */
  public CompletableFuture<List<Approval>> quorum() {
    return quorum;
  }

  /** An approval from an attestor not in {@code used}: one already in, or the next to arrive. */
  public synchronized CompletableFuture<Approval> nextApproval(Set<String> used) {
    for (Approval a : approvals) {
      if (!used.contains(a.attestorId())) {
        return CompletableFuture.completedFuture(a);
      }
    }
    if (pending == 0) {
      return CompletableFuture.failedFuture(failure());
    }
    CompletableFuture<Approval> f = new CompletableFuture<>();
    waiters.add(new Waiter(Set.copyOf(used), f));
    return f;
  }

  /** Approvals already in from attestors not in {@code used}; never waits. */
  public synchronized List<Approval> approvalsNotIn(Set<String> used) {
    return approvals.stream().filter(a -> !used.contains(a.attestorId())).toList();
  }

  /** Records that an approving attestor's release failed, so reports name it. */
  public synchronized void markFailedRelease(String attestorId, Status status, String reason) {
    AttestorOutcome before = outcomes.get(attestorId);
    outcomes.put(attestorId, new AttestorOutcome(attestorId, status, reason,
        before == null ? Optional.empty() : before.signed()));
  }

  /** Every attestor's outcome so far, in share-index order; unanswered ones are PENDING. */
  public synchronized List<AttestorOutcome> outcomes() {
    List<AttestorOutcome> out = new ArrayList<>();
    for (String id : key.attestors()) {
      out.add(outcomes.getOrDefault(id, new AttestorOutcome(id, Status.PENDING, "no answer yet", Optional.empty())));
    }
    return out;
  }

  /** The approvals counted so far (after the quorum, possibly more than t). */
  public synchronized int approvalCount() {
    return approvals.size();
  }

  /**
   * Judges outside the round's lock (signature checks and the allow check take real CPU; holding
   * the lock meanwhile would stall other answers' callbacks on the transport's threads), then
   * records the outcome under it.
   */
  private void onAnswer(String id, SignedAttestation answer, Throwable error) {
    Judged judged = error != null ? new Judged(failed(id, error)) : judge(id, answer);
    synchronized (this) {
      pending--;
      outcomes.put(id, judged.outcome());
      if (judged.approval() != null) {
        approvals.add(judged.approval());
      }
      settle();
    }
  }

  /** An outcome, and the approval when it is an allow that counts. */
  private record Judged(AttestorOutcome outcome, Approval approval) {
    Judged(AttestorOutcome outcome) {
      this(outcome, null);
    }
  }

  private AttestorOutcome failed(String id, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof TimeoutException) {
      return new AttestorOutcome(id, Status.UNREACHABLE, "deadline " + seconds(deadline), Optional.empty());
    }
    if (cause instanceof OversizedAnswerException) {
      return invalid(id, AttestorFault.OVERSIZED, cause.getMessage(), Optional.empty());
    }
    if (cause instanceof MalformedEncodingException) {
      // The transport decodes the answer; one that does not decode came from the attestor.
      return invalid(id, AttestorFault.MALFORMED, "malformed attestation: " + cause.getMessage(), Optional.empty());
    }
    Status status = cause instanceof AttestorRefusedException ? Status.REFUSED : Status.UNREACHABLE;
    return new AttestorOutcome(id, status, String.valueOf(cause.getMessage()), Optional.empty());
  }

  private Judged judge(String id, SignedAttestation signed) {
    Optional<SignedAttestation> evidence = Optional.of(signed);
    if (!signed.claimedAttestorId().equals(id)) {
      return new Judged(invalid(id, AttestorFault.IMPERSONATION, "answered as " + signed.claimedAttestorId(),
          Optional.empty()));
    }
    Attestation a;
    try {
      a = signed.verify(key.attestorKeys().get(id));
    } catch (InvalidSignatureException | MalformedEncodingException e) {
      return new Judged(invalid(id, AttestorFault.BAD_SIGNATURE, "attestation does not verify: " + e.getMessage(),
          Optional.empty()));
    }
    if (!a.requestDigest().equals(digest)) {
      return new Judged(invalid(id, AttestorFault.WRONG_REQUEST, "attestation is for another request", evidence));
    } else if (!a.keyId().equals(key.keyId()) || a.keyVersion() != key.keyVersion()) {
      return new Judged(invalid(id, AttestorFault.WRONG_KEY, "attestation is for " + a.keyId() + " v" + a.keyVersion()
          + ", not " + key.keyId() + " v" + key.keyVersion(), evidence));
    } else if (!a.isValidAt(clock.getAsLong(), io.keyquorum.protocol.QuorumRule.DEFAULT_CLOCK_SKEW_MILLIS)) {
      // An attestor whose clock runs a little ahead of this one is not lying about the time.
      return new Judged(invalid(id, AttestorFault.EXPIRED, "attestation is outside its validity window", evidence));
    } else if (a.registryHeight() < key.key().changedAtHeight()) {
      return new Judged(invalid(id, AttestorFault.STALE_HEIGHT, "judged at registry height " + a.registryHeight()
          + ", before the key's last change at " + key.key().changedAtHeight(), evidence));
    }
    if (!a.allow()) {
      String why = a.explanation().isEmpty() ? "" : ": " + a.explanation();
      return new Judged(new AttestorOutcome(id, Status.DENIED, "rule " + a.decidingRule() + why, evidence));
    }
    Optional<String> objection = allowCheck.objection(id, a);
    if (objection.isPresent()) {
      return new Judged(invalid(id, AttestorFault.CONTRADICTS_KEY_POLICY, objection.get(), evidence));
    }
    return new Judged(new AttestorOutcome(id, Status.ALLOWED, "rule " + a.decidingRule(), evidence),
        new Approval(id, signed, a));
  }

  private AttestorOutcome invalid(String id, AttestorFault fault, String reason, Optional<SignedAttestation> evidence) {
    faults.record(id, fault);
    return new AttestorOutcome(id, Status.INVALID, reason, evidence);
  }

  /** Completes the quorum or fails it once t is reached or impossible; serves waiting replacements. */
  private void settle() {
    if (!quorum.isDone()) {
      if (approvals.size() >= key.threshold()) {
        quorum.complete(List.copyOf(approvals.subList(0, key.threshold())));
      } else if (approvals.size() + pending < key.threshold()) {
        quorum.completeExceptionally(failure());
      }
    }
    for (var it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      Optional<Approval> fresh = approvals.stream().filter(a -> !w.used().contains(a.attestorId())).findFirst();
      if (fresh.isPresent()) {
        w.future().complete(fresh.get());
        it.remove();
      } else if (pending == 0) {
        w.future().completeExceptionally(failure());
        it.remove();
      }
    }
  }

  private OrchestratorException failure() {
    return OrchestratorException.insufficient(approvals.size(), key.threshold(), outcomes());
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
