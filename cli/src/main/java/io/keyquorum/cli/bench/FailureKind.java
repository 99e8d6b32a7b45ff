package io.keyquorum.cli.bench;

import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.keyquorum.client.KeyQuorumException;
import java.util.Locale;

/**
 * Names why a request failed, for {@code errorKinds}: the service's own kind
 * ({@code insufficient-attestations}, {@code access-denied}, ...) when the orchestrator answered
 * with one; {@code deadline} or {@code unreachable} when the call failed in transport without an
 * answer; otherwise {@code internal-} and the exception's class. Only kinds, never data.
 */
final class FailureKind {
  /** The orchestrator's error trailer; its presence means the orchestrator itself answered. */
  private static final Metadata.Key<byte[]> ANSWERED = Metadata.Key.of("kq-error-bin", Metadata.BINARY_BYTE_MARSHALLER);

  private FailureKind() {}

  static String of(Throwable failure) {
    if (failure instanceof KeyQuorumException k) {
      if (k.getCause() instanceof StatusRuntimeException transport
          && (transport.getTrailers() == null || !transport.getTrailers().containsKey(ANSWERED))) {
        return switch (transport.getStatus().getCode()) {
          case DEADLINE_EXCEEDED -> "deadline";
          case UNAVAILABLE -> "unreachable";
          default -> k.kind().wireName();
        };
      }
      return k.kind().wireName();
    }
    return "internal-" + failure.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }
}
