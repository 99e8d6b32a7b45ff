package io.keyquorum.attestor;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.AttestResponse;
import io.keyquorum.rpc.v1.AttestorGrpc;
import io.keyquorum.rpc.v1.ReleaseRequest;
import io.keyquorum.rpc.v1.ReleaseResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts {@link Attester} and {@link ShareReleaser} to {@code attestor.proto}. Only canonical bytes
 * cross: protobuf frames them and nothing more. Refusals become a gRPC status whose description
 * names the cause (mapping in {@link #status}); an unexpected failure is INTERNAL without detail
 * (it is logged here, and never carries secret material).
 */
public final class AttestorGrpcService extends AttestorGrpc.AttestorImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(AttestorGrpcService.class);

  /** How long Attest waits for this replica to reach the caller's height before judging anyway. */
  static final Duration CATCH_UP_WAIT = Duration.ofSeconds(2);
  /**
   * At most this many admitted requests wait for a height at once; beyond it a request is judged
   * on the replica as it is (the height is only a hint), so waiting costs bounded memory.
   */
  static final int MAX_WAITING = 4096;

  private final Attester attester;
  private final ShareReleaser releaser;
  private final NodeMetrics metrics;
  private final RegistryHeight registry;
  private final Executor judges;
  private final Supplier<Optional<String>> custodyProblem;
  private final AtomicInteger waiting = new AtomicInteger();

  /** This replica's height, and a future for a height it has not reached yet (the commit feed). */
  public interface RegistryHeight {
    long height();

    CompletableFuture<?> reached(long height);
  }

  /**
   * @param judges runs a judgement that had to wait for the registry, so that neither the commit
   *     feed's thread nor a gRPC handler thread is held while the replica catches up
   * @param custodyProblem why custody cannot be used now, if it cannot: then Attest and Release are
   *     refused NOT_READY, since a node that cannot release should not help form a quorum either
   */
  public AttestorGrpcService(Attester attester, ShareReleaser releaser, NodeMetrics metrics, RegistryHeight registry,
      Executor judges, Supplier<Optional<String>> custodyProblem) {
    this.custodyProblem = custodyProblem;
    this.attester = attester;
    this.releaser = releaser;
    this.metrics = metrics;
    this.registry = registry;
    this.judges = judges;
  }

  /**
   * Checks the caller first (signature, registered and enabled client), so an unauthenticated
   * request is refused at once and never waits. An admitted request whose {@code
   * min_registry_height} this replica has not reached is parked on the registry's commit feed, not
   * on a thread, and judged when the height commits or after {@link #CATCH_UP_WAIT}, whichever is
   * first. Why wait at all: a replica one block behind would judge a fresh key change on stale
   * state, and the orchestrator would refuse that attestation as predating the change. The height
   * is an unsigned hint: past the bound the request is judged on what this replica has, and the
   * caller's own height check still decides.
   */
  @Override
  public void attest(AttestRequest request, StreamObserver<AttestResponse> response) {
    long start = System.nanoTime();
    byte[] signed = request.getSignedRequest().toByteArray();
    try {
      requireCustody();
      attester.admit(signed);
    } catch (RefusedException e) {
      metrics.attest(e.reason().name(), System.nanoTime() - start);
      response.onError(status(e).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      failed(e, start, response);
      return;
    }
    long minHeight = request.getMinRegistryHeight();
    if (registry.height() >= minHeight) {
      judge(signed, start, response);
      return;
    }
    if (waiting.incrementAndGet() > MAX_WAITING) {
      waiting.decrementAndGet();
      judge(signed, start, response);
      return;
    }
    CompletableFuture<?> caughtUp = registry.reached(minHeight);
    // A caller that gave up needs no judgement; a cancelled wait also leaves the commit feed.
    AtomicBoolean cancelled = new AtomicBoolean();
    if (response instanceof ServerCallStreamObserver<AttestResponse> call) {
      call.setOnCancelHandler(() -> {
        cancelled.set(true);
        caughtUp.cancel(false);
      });
    }
    caughtUp.orTimeout(CATCH_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync((reached, timedOut) -> {
          waiting.decrementAndGet();
          if (!cancelled.get()) {
            judge(signed, start, response);
          }
        }, judges);
  }

  private void judge(byte[] signed, long start, StreamObserver<AttestResponse> response) {
    try {
      Attester.Attested attested = attester.attest(signed);
      response.onNext(AttestResponse.newBuilder()
          .setSignedAttestation(ByteString.copyFrom(attested.signed().encode())).build());
      response.onCompleted();
      metrics.attest(attested.attestation().allow() ? "allow" : "deny", System.nanoTime() - start);
    } catch (RefusedException e) {
      metrics.attest(e.reason().name(), System.nanoTime() - start);
      response.onError(status(e).asRuntimeException());
    } catch (RuntimeException e) {
      failed(e, start, response);
    }
  }

  private void requireCustody() throws RefusedException {
    Optional<String> problem = custodyProblem.get();
    if (problem.isPresent()) {
      throw new RefusedException(Refusal.NOT_READY, problem.get());
    }
  }

  private void failed(RuntimeException e, long start, StreamObserver<AttestResponse> response) {
    metrics.attest("internal", System.nanoTime() - start);
    LOG.error("attest failed unexpectedly", e);
    response.onError(Status.INTERNAL.withDescription("attestor internal error").asRuntimeException());
  }

  @Override
  public void release(ReleaseRequest request, StreamObserver<ReleaseResponse> response) {
    long start = System.nanoTime();
    try {
      requireCustody();
      SignedEnvelope release = releaser.release(request.getSignedRequest().toByteArray(),
          request.getQuorumCertificate().toByteArray());
      response.onNext(ReleaseResponse.newBuilder()
          .setReleasePayload(ByteString.copyFrom(release.payload()))
          .setReleaseSignature(ByteString.copyFrom(release.signature()))
          .build());
      response.onCompleted();
      metrics.release("released", System.nanoTime() - start);
    } catch (RefusedException e) {
      metrics.release(e.reason().name(), System.nanoTime() - start);
      e.quorumFault().ifPresent(metrics::quorumRefused);
      response.onError(status(e).asRuntimeException());
    } catch (RuntimeException e) {
      metrics.release("internal", System.nanoTime() - start);
      LOG.error("release failed unexpectedly", e);
      response.onError(Status.INTERNAL.withDescription("attestor internal error").asRuntimeException());
    }
  }

  /**
   * The documented mapping: cannot parse → INVALID_ARGUMENT; cannot attribute (unknown client, bad
   * signature) → UNAUTHENTICATED; attributable but not allowed to ask (disabled client, quorum
   * refused) → PERMISSION_DENIED; right request at the wrong time (stale, replay, key unusable,
   * already released) → FAILED_PRECONDITION; unknown key → NOT_FOUND; node not ready or holding
   * no share → UNAVAILABLE. The description is always {@code REASON: message}.
   */
  static Status status(RefusedException e) {
    Status base = switch (e.reason()) {
      case MALFORMED -> Status.INVALID_ARGUMENT;
      case UNKNOWN_CLIENT, BAD_SIGNATURE, WRONG_NETWORK -> Status.UNAUTHENTICATED;
      case CLIENT_DISABLED, STANDING_CHANGED, QUORUM_REFUSED -> Status.PERMISSION_DENIED;
      case STALE, REPLAY, KEY_UNUSABLE, ALREADY_RELEASED -> Status.FAILED_PRECONDITION;
      case UNKNOWN_KEY -> Status.NOT_FOUND;
      case NOT_READY, NO_SHARE -> Status.UNAVAILABLE;
    };
    return base.withDescription(e.reason().name() + ": " + e.getMessage());
  }
}
