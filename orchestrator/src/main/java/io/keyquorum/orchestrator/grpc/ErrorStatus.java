package io.keyquorum.orchestrator.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.keyquorum.orchestrator.flow.AttestorOutcome;
import io.keyquorum.orchestrator.flow.OrchestratorException;
import io.keyquorum.rpc.v1.AttestorStatus;
import io.keyquorum.rpc.v1.ErrorDetail;

/**
 * Maps typed orchestrator errors onto gRPC: a status code for generic clients, and an {@link
 * ErrorDetail} trailer ({@link #TRAILER}) carrying the kind, the message and every attestor's
 * outcome with its signed attestation, for the SDK.
 */
public final class ErrorStatus {
  public static final Metadata.Key<ErrorDetail> TRAILER =
      Metadata.Key.of("kq-error-bin", ProtoUtils.metadataMarshaller(ErrorDetail.getDefaultInstance()));

  private ErrorStatus() {}

  public static StatusRuntimeException of(OrchestratorException e) {
    Status status = switch (e.kind()) {
      case NOT_FOUND -> Status.NOT_FOUND;
      case DISABLED, PENDING_DELETION, REJECTED -> Status.FAILED_PRECONDITION;
      case ACCESS_DENIED, INSUFFICIENT_ATTESTATIONS -> Status.PERMISSION_DENIED;
      case INVALID_CIPHERTEXT, BAD_REQUEST -> Status.INVALID_ARGUMENT;
      case UNAVAILABLE, INVALID_SHARE -> Status.UNAVAILABLE;
    };
    ErrorDetail.Builder detail = ErrorDetail.newBuilder()
        .setKind(e.kind().wireName())
        .setMessage(e.getMessage())
        .setNeeded(e.needed())
        .setApprovals(e.approvals());
    e.attestors().forEach(o -> detail.addAttestors(toProto(o)));
    Metadata trailers = new Metadata();
    trailers.put(TRAILER, detail.build());
    return status.withDescription(e.getMessage()).asRuntimeException(trailers);
  }

  public static AttestorStatus toProto(AttestorOutcome o) {
    AttestorStatus.Builder b = AttestorStatus.newBuilder()
        .setAttestorId(o.attestorId())
        .setStatus(o.status().wireName())
        .setReason(o.reason());
    o.signed().ifPresent(s -> b.setSignedAttestation(ByteString.copyFrom(s.encode())));
    return b.build();
  }
}
