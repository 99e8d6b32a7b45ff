package io.keyquorum.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.client.AttestorReport;
import io.keyquorum.client.KeyQuorumException;
import io.keyquorum.protocol.delivery.ErrorKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {
  /** Every kind the SDK can report, and the AWS error a client sees. */
  static final Map<ErrorKind, String> EXPECTED = new EnumMap<>(Map.of(
      ErrorKind.NOT_FOUND, "NotFoundException",
      ErrorKind.DISABLED, "DisabledException",
      ErrorKind.PENDING_DELETION, "KMSInvalidStateException",
      ErrorKind.ACCESS_DENIED, "AccessDeniedException",
      ErrorKind.INSUFFICIENT_ATTESTATIONS, "DependencyTimeoutException",
      ErrorKind.INVALID_CIPHERTEXT, "InvalidCiphertextException",
      ErrorKind.BAD_REQUEST, "ValidationException",
      ErrorKind.UNAVAILABLE, "DependencyTimeoutException",
      ErrorKind.INVALID_SHARE, "KMSInternalException",
      ErrorKind.REJECTED, "KMSInvalidStateException"));

  @Test
  void everyKind_hasAnAwsError() {
    assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(ErrorKind.values());
    EXPECTED.forEach((kind, type) -> assertThat(ErrorMapping.of(new KeyQuorumException(kind, "m"), false).type())
        .as(kind.name()).isEqualTo(type));
  }

  @Test
  void insufficientAttestationsWithDenials_isAccessDenied_namingEachAttestorsReason() {
    KeyQuorumException e = new KeyQuorumException(ErrorKind.INSUFFICIENT_ATTESTATIONS, "3 of 5 denied",
        List.of(new AttestorReport("attestor-1", "denied", "key-policy/no-hr#1", Optional.empty()),
            new AttestorReport("attestor-2", "unreachable", "", Optional.empty())), null);
    KmsError error = ErrorMapping.of(e, false);
    assertThat(error.type()).isEqualTo("AccessDeniedException");
    assertThat(error.getMessage()).contains("attestor-1: denied (key-policy/no-hr#1)").contains("attestor-2: unreachable");
  }

  @Test
  void refusedPolicyDocument_isMalformedPolicyDocument() {
    assertThat(ErrorMapping.of(new KeyQuorumException(ErrorKind.REJECTED, "m"), true).type())
        .isEqualTo("MalformedPolicyDocumentException");
  }
}
