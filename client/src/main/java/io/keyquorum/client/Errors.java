package io.keyquorum.client;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.rpc.v1.AttestorStatus;
import io.keyquorum.rpc.v1.ErrorDetail;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns gRPC failures into {@link KeyQuorumException}s, reading the orchestrator's ErrorDetail trailer. */
final class Errors {
  static final Metadata.Key<ErrorDetail> TRAILER =
      Metadata.Key.of("kq-error-bin", ProtoUtils.metadataMarshaller(ErrorDetail.getDefaultInstance()));

  private Errors() {}

  static KeyQuorumException of(StatusRuntimeException e) {
    Metadata trailers = e.getTrailers();
    ErrorDetail detail = trailers == null ? null : trailers.get(TRAILER);
    if (detail == null) {
      ErrorKind kind = switch (e.getStatus().getCode()) {
        case NOT_FOUND -> ErrorKind.NOT_FOUND;
        case PERMISSION_DENIED, UNAUTHENTICATED -> ErrorKind.ACCESS_DENIED;
        case INVALID_ARGUMENT -> ErrorKind.BAD_REQUEST;
        default -> ErrorKind.UNAVAILABLE;
      };
      return new KeyQuorumException(kind, "orchestrator call failed: " + e.getStatus(), List.of(), e);
    }
    List<AttestorReport> reports = new ArrayList<>();
    for (AttestorStatus s : detail.getAttestorsList()) {
      reports.add(report(s));
    }
    ErrorKind kind;
    try {
      kind = ErrorKind.fromWire(detail.getKind());
    } catch (IllegalArgumentException unknown) {
      kind = e.getStatus().getCode() == Status.Code.UNAVAILABLE ? ErrorKind.UNAVAILABLE : ErrorKind.BAD_REQUEST;
    }
    return new KeyQuorumException(kind, detail.getMessage(), reports, e);
  }

  static AttestorReport report(AttestorStatus s) {
    Optional<SignedAttestation> signed = s.getSignedAttestation().isEmpty() ? Optional.empty()
        : Optional.of(SignedAttestation.decode(s.getSignedAttestation().toByteArray()));
    return new AttestorReport(s.getAttestorId(), s.getStatus(), s.getReason(), signed);
  }
}
