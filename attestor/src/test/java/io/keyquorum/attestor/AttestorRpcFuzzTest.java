package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.keyquorum.crypto.fuzz.Fuzz;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.AttestorGrpc;
import io.keyquorum.rpc.v1.ReleaseRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the attestor's gRPC surface over real mutual TLS (docs/FUZZING.md): mutated
 * request fields and mutated raw protobuf messages must each be answered with a refusal status that
 * names a client-side fault (never UNKNOWN or INTERNAL, never a hang), and the node must still
 * serve a valid request afterwards.
 */
class AttestorRpcFuzzTest extends ThreeAttestors {
  /** The statuses an attestor uses to refuse a bad request (docs/ATTESTOR.md). */
  private static final Set<Status.Code> REFUSALS = Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.UNAUTHENTICATED,
      Status.Code.PERMISSION_DENIED, Status.Code.FAILED_PRECONDITION, Status.Code.NOT_FOUND,
      Status.Code.RESOURCE_EXHAUSTED);
  private static final String NODE = "attestor-1";

  @Test
  void mutatedAttestRequests_areRefusedWithAStatus_andTheNodeStaysHealthy() {
    // Each seed is accepted once; the same nonce mutated but still valid is then refused as a replay.
    List<byte[]> seeds = List.of(net.request("payments").bytes(), net.request("finance").bytes());
    Fuzz.run("Attestor.Attest(signed_request)", seeds, Set.of(StatusRuntimeException.class),
        wire -> refusedOrAnswered(() -> net.stub(channels.get(NODE)).attest(
            AttestRequest.newBuilder().setSignedRequest(ByteString.copyFrom(wire)).build())));
    assertStillHealthy();
  }

  @Test
  void mutatedReleaseRequests_areRefusedWithAStatus_andTheNodeStaysHealthy() {
    // An attestor releases once per request, so each target gets a request of its own.
    TestNet.Req forQc = net.request("payments");
    byte[] qcSeed = new QuorumCertificate(List.of(attest(NODE, forQc), attest("attestor-2", forQc),
        attest("attestor-3", forQc))).encode();
    Fuzz.run("Attestor.Release(quorum_certificate)", List.of(qcSeed), Set.of(StatusRuntimeException.class),
        wire -> refusedOrAnswered(() -> net.stub(channels.get(NODE)).release(ReleaseRequest.newBuilder()
            .setSignedRequest(ByteString.copyFrom(forQc.bytes())).setQuorumCertificate(ByteString.copyFrom(wire))
            .build())));
    TestNet.Req forRequest = net.request("payments");
    QuorumCertificate qc = quorum(forRequest);
    Fuzz.run("Attestor.Release(signed_request)", List.of(forRequest.bytes()), Set.of(StatusRuntimeException.class),
        wire -> refusedOrAnswered(() -> net.stub(channels.get(NODE)).release(ReleaseRequest.newBuilder()
            .setSignedRequest(ByteString.copyFrom(wire)).setQuorumCertificate(ByteString.copyFrom(qc.encode()))
            .build())));
    assertStillHealthy();
  }

  @Test
  void mutatedRawProtobufMessages_areRefusedWithAStatus_andTheNodeStaysHealthy() {
    TestNet.Req req = net.request("payments");
    QuorumCertificate qc = quorum(req);
    byte[] attest = AttestRequest.newBuilder().setSignedRequest(ByteString.copyFrom(net.request("payments").bytes()))
        .build().toByteArray();
    byte[] release = ReleaseRequest.newBuilder().setSignedRequest(ByteString.copyFrom(req.bytes()))
        .setQuorumCertificate(ByteString.copyFrom(qc.encode())).build().toByteArray();
    MethodDescriptor<byte[], byte[]> attestRaw = raw(AttestorGrpc.getAttestMethod());
    MethodDescriptor<byte[], byte[]> releaseRaw = raw(AttestorGrpc.getReleaseMethod());
    Fuzz.run("Attestor.Attest(raw protobuf)", List.of(attest), Set.of(StatusRuntimeException.class),
        wire -> refusedOrAnswered(() -> call(attestRaw, wire)));
    Fuzz.run("Attestor.Release(raw protobuf)", List.of(release), Set.of(StatusRuntimeException.class),
        wire -> refusedOrAnswered(() -> call(releaseRaw, wire)));
    assertStillHealthy();
  }

  @Test
  void truncatedProtobufMessage_isRefusedAsInvalidArgument() {
    byte[] attest = AttestRequest.newBuilder().setSignedRequest(ByteString.copyFrom(net.request("payments").bytes()))
        .build().toByteArray();
    byte[] truncated = java.util.Arrays.copyOf(attest, attest.length / 2);
    refused(() -> call(raw(AttestorGrpc.getAttestMethod()), truncated), Status.Code.INVALID_ARGUMENT, "MALFORMED");
    assertStillHealthy();
  }

  /** Either an answer, or a refusal with a client-fault status; anything else fails the run. */
  private static void refusedOrAnswered(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      if (!REFUSALS.contains(e.getStatus().getCode())) {
        throw new AssertionError("attestor answered " + e.getStatus(), e);
      }
      throw e;
    }
  }

  private void assertStillHealthy() {
    TestNet.Req fresh = net.request("payments");
    QuorumCertificate qc = quorum(fresh);
    assertThat(verified(qc.attestations().get(0)).allow()).isTrue();
    assertThat(release(NODE, fresh, Optional.of(qc)).getReleasePayload().isEmpty()).isFalse();
  }

  /** A release needs the releasing attestor's own attestation in the certificate. */
  private QuorumCertificate quorum(TestNet.Req req) {
    return new QuorumCertificate(List.of(attest(NODE, req), attest("attestor-2", req)));
  }

  private byte[] call(MethodDescriptor<byte[], byte[]> method, byte[] request) {
    return ClientCalls.blockingUnaryCall(channels.get(NODE), method,
        CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), request);
  }

  private static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
    MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
      }

      @Override
      public byte[] parse(InputStream stream) {
        try {
          return stream.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    return method.toBuilder(bytes, bytes).build();
  }
}
