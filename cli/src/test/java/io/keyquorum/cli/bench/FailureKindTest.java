package io.keyquorum.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.keyquorum.client.KeyQuorumException;
import io.keyquorum.protocol.delivery.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code errorKinds} names failures: the service's kind when it answered, else the transport's. */
class FailureKindTest {
  private static KeyQuorumException fromTransport(Status status, Metadata trailers) {
    return new KeyQuorumException(ErrorKind.UNAVAILABLE, "orchestrator call failed: " + status, List.of(),
        new StatusRuntimeException(status, trailers));
  }

  @Test
  void anAnswerFromTheOrchestrator_isNamedByItsErrorKind() {
    assertThat(FailureKind.of(new KeyQuorumException(ErrorKind.INSUFFICIENT_ATTESTATIONS, "2 of 3")))
        .isEqualTo("insufficient-attestations");
    Metadata answered = new Metadata();
    answered.put(Metadata.Key.of("kq-error-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {1});
    assertThat(FailureKind.of(fromTransport(Status.UNAVAILABLE, answered))).isEqualTo("unavailable");
  }

  @Test
  void aTransportFailureWithoutAnAnswer_isNamedDeadlineOrUnreachable() {
    assertThat(FailureKind.of(fromTransport(Status.DEADLINE_EXCEEDED, null))).isEqualTo("deadline");
    assertThat(FailureKind.of(fromTransport(Status.UNAVAILABLE, new Metadata()))).isEqualTo("unreachable");
    assertThat(FailureKind.of(fromTransport(Status.INTERNAL, null))).isEqualTo("unavailable");
  }

  @Test
  void anythingElse_isInternal_withItsExceptionClass() {
    assertThat(FailureKind.of(new IllegalStateException("bug"))).isEqualTo("internal-illegalstateexception");
  }
}
