package io.keyquorum.orchestrator.flow;

import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.orchestrator.flow.AttestorOutcome.Status;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.ShareRelease;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.protocol.delivery.ErrorKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * DESIGN §4 step 5: sends the quorum certificate to the approving attestors and collects t good
 * releases. Each release must verify under the attestor's signing key and name this request, key,
 * version and the attestor's own share index. A release that fails (or whose share the opener
 * rejects) excludes that attestor, names it, and brings in a replacement approval from the same
 * round; the certificate sent to the replacement includes its own attestation.
 */
public final class ReleaseRound {
  private ReleaseRound() {}

  /** The t good releases, the attestors excluded on the way, and the certificate that was used. */
  public record Collected<T>(List<T> good, List<AttestorOutcome> excluded, QuorumCertificate certificate,
      List<Approval> members) {}

  /**
   * Collects t good releases. With {@code takeLateApprovals}, also releases from every further
   * approval already in by then (never waiting for more): in client mode the orchestrator cannot
   * check shares, so spares let the client exclude a bad one and still rebuild.
   */
  public static <T> Collected<T> collect(ResolvedKey key, SignedKeyRequest request, AttestationRound round,
      List<Approval> quorum, AttestorTransport transport, ShareOpener<T> opener, Duration deadline,
      boolean takeLateApprovals) {
    return collect(key, request, round, quorum, transport, opener, deadline, takeLateApprovals,
        AttestorFault.Sink.NONE);
  }

  /** As above, reporting each release no honest attestor sends to {@code faults}. */
  public static <T> Collected<T> collect(ResolvedKey key, SignedKeyRequest request, AttestationRound round,
      List<Approval> quorum, AttestorTransport transport, ShareOpener<T> opener, Duration deadline,
      boolean takeLateApprovals, AttestorFault.Sink faults) {
    List<Approval> members = new ArrayList<>(quorum);
    Set<String> used = new HashSet<>();
    members.forEach(a -> used.add(a.attestorId()));
    QuorumCertificate qc = certificate(members);
    List<CompletableFuture<SignedEnvelope>> inflight = new ArrayList<>();
    for (Approval a : members) {
      inflight.add(ask(transport, a.attestorId(), request, qc, deadline));
    }
    List<T> good = new ArrayList<>();
    List<AttestorOutcome> excluded = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      take(key, request, round, members.get(i), inflight.get(i), opener, good, excluded, faults);
    }
    while (good.size() < key.threshold()) {
      Approval extra;
      try {
        extra = round.nextApproval(used).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw noReplacement(key, round, good.size());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OrchestratorException(ErrorKind.UNAVAILABLE, "interrupted while collecting shares");
      }
      used.add(extra.attestorId());
      members.add(extra);
      qc = certificate(members);
      take(key, request, round, extra, ask(transport, extra.attestorId(), request, qc, deadline), opener, good, excluded,
          faults);
    }
    List<Approval> late = takeLateApprovals ? round.approvalsNotIn(used) : List.of();
    if (!late.isEmpty()) {
      members.addAll(late);
      qc = certificate(members);
      List<CompletableFuture<SignedEnvelope>> spares = new ArrayList<>();
      for (Approval a : late) {
        spares.add(ask(transport, a.attestorId(), request, qc, deadline));
      }
      for (int i = 0; i < late.size(); i++) {
        take(key, request, round, late.get(i), spares.get(i), opener, good, excluded, faults);
      }
    }
    return new Collected<>(good, excluded, qc, members);
  }

  private static <T> void take(ResolvedKey key, SignedKeyRequest request, AttestationRound round, Approval member,
      CompletableFuture<SignedEnvelope> answer, ShareOpener<T> opener, List<T> good, List<AttestorOutcome> excluded,
      AttestorFault.Sink faults) {
    String id = member.attestorId();
    Status status = Status.BAD_SHARE;
    AttestorFault fault = AttestorFault.BAD_SHARE;
    String reason;
    try {
      SignedEnvelope envelope = answer.join();
      VerifiedRelease release = verify(key, request, id, envelope);
      good.add(opener.open(release));
      return;
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      fault = null;
      if (cause instanceof AttestorRefusedException) {
        status = Status.REFUSED;
        reason = "release refused: " + cause.getMessage();
      } else if (cause instanceof OversizedAnswerException) {
        status = Status.INVALID;
        fault = AttestorFault.OVERSIZED;
        reason = "release " + cause.getMessage();
      } else {
        status = Status.UNREACHABLE;
        reason = cause instanceof TimeoutException ? "release deadline passed" : "release failed: " + cause.getMessage();
      }
    } catch (WrongReleaseException e) {
      fault = e.fault;
      reason = e.getMessage();
    } catch (InvalidSignatureException e) {
      fault = AttestorFault.BAD_SIGNATURE;
      reason = e.getMessage();
    } catch (ShareOpener.BadShareException e) {
      reason = e.getMessage();
    } catch (IllegalArgumentException e) {
      fault = AttestorFault.MALFORMED;
      reason = "malformed release: " + e.getMessage();
    }
    if (fault != null) {
      faults.record(id, fault);
    }
    round.markFailedRelease(id, status, reason);
    excluded.add(new AttestorOutcome(id, status, reason, Optional.of(member.signed())));
  }

  /** A validly signed release that names another request, or another key, version or share. */
  private static final class WrongReleaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient AttestorFault fault;

    WrongReleaseException(AttestorFault fault, String message) {
      super(message);
      this.fault = fault;
    }
  }

  private static VerifiedRelease verify(ResolvedKey key, SignedKeyRequest request, String id, SignedEnvelope envelope) {
    ShareRelease r = ShareRelease.decode(envelope.open(ShareRelease.TAG, key.attestorKeys().get(id)));
    int expectedIndex = key.deal().shareIndexOf(id);
    if (!r.requestDigest().equals(request.digest())) {
      // A replayed release: validly signed, but for an earlier request.
      throw new WrongReleaseException(AttestorFault.WRONG_REQUEST, "release is for another request");
    }
    if (!r.attestorId().equals(id) || !r.keyId().equals(key.keyId()) || r.keyVersion() != key.keyVersion()
        || r.shareIndex() != expectedIndex) {
      throw new WrongReleaseException(AttestorFault.WRONG_KEY, "release names " + r.attestorId() + "/" + r.keyId() + " v" + r.keyVersion()
          + " share " + r.shareIndex() + ", expected " + id + "/" + key.keyId() + " v" + key.keyVersion()
          + " share " + expectedIndex + " for this request");
    }
    return new VerifiedRelease(id, envelope, r);
  }

  private static CompletableFuture<SignedEnvelope> ask(AttestorTransport transport, String id, SignedKeyRequest request,
      QuorumCertificate qc, Duration deadline) {
    CompletableFuture<SignedEnvelope> f;
    try {
      f = transport.release(id, request, qc);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static QuorumCertificate certificate(List<Approval> members) {
    List<SignedAttestation> signed = new ArrayList<>();
    members.forEach(a -> signed.add(a.signed()));
    return new QuorumCertificate(signed);
  }

  private static OrchestratorException noReplacement(ResolvedKey key, AttestationRound round, int goodShares) {
    List<AttestorOutcome> outcomes = round.outcomes();
    StringBuilder sb = new StringBuilder("insufficient valid shares: ").append(goodShares).append(" of ")
        .append(key.threshold()).append(" needed and no other attestor approved");
    String sep = "; ";
    for (AttestorOutcome o : outcomes) {
      if (o.status() != Status.ALLOWED) {
        sb.append(sep).append(o.describe());
        sep = ", ";
      }
    }
    return new OrchestratorException(ErrorKind.INVALID_SHARE, sb.toString(), outcomes, key.threshold(), goodShares);
  }
}
