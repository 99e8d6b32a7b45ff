package io.keyquorum.attestor;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.AttestResponse;
import io.keyquorum.rpc.v1.AttestorGrpc;
import io.keyquorum.rpc.v1.ReleaseRequest;
import io.keyquorum.rpc.v1.ReleaseResponse;
import java.time.Duration;
import java.util.function.LongSupplier;
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

  private final Attester attester;
  private final ShareReleaser releaser;
  private final NodeMetrics metrics;
  private final LongSupplier registryHeight;

  public AttestorGrpcService(Attester attester, ShareReleaser releaser, NodeMetrics metrics, LongSupplier registryHeight) {
    this.attester = attester;
    this.releaser = releaser;
    this.metrics = metrics;
    this.registryHeight = registryHeight;
  }

  @Override
  public void attest(AttestRequest request, StreamObserver<AttestResponse> response) {
    long start = System.nanoTime();
    try {
      RegistryCatchUp.await(registryHeight, request.getMinRegistryHeight(), CATCH_UP_WAIT);
      Attester.Attested attested = attester.attest(request.getSignedRequest().toByteArray());
      response.onNext(AttestResponse.newBuilder()
          .setSignedAttestation(ByteString.copyFrom(attested.signed().encode())).build());
      response.onCompleted();
      metrics.attest(attested.attestation().allow() ? "allow" : "deny", System.nanoTime() - start);
    } catch (RefusedException e) {
      metrics.attest(e.reason().name(), System.nanoTime() - start);
      response.onError(status(e).asRuntimeException());
    } catch (RuntimeException e) {
      metrics.attest("internal", System.nanoTime() - start);
      LOG.error("attest failed unexpectedly", e);
      response.onError(Status.INTERNAL.withDescription("attestor internal error").asRuntimeException());
    }
  }

  @Override
  public void release(ReleaseRequest request, StreamObserver<ReleaseResponse> response) {
    long start = System.nanoTime();
    try {
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
