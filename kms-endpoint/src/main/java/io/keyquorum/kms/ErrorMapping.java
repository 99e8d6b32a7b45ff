package io.keyquorum.kms;

import io.keyquorum.client.AttestorReport;
import io.keyquorum.client.KeyQuorumException;
import java.util.stream.Collectors;

/**
 * Maps the SDK's typed failures to AWS KMS errors by {@link KeyQuorumException#kind()}, never by
 * message text, so a reworded message cannot turn a denial into something else.
 */
final class ErrorMapping {
  private ErrorMapping() {}

  /** {@code policyOperation}: the request carried a policy document, so a refusal is about the document. */
  static KmsError of(KeyQuorumException e, boolean policyOperation) {
    String message = e.getMessage() == null ? e.kind().wireName() : e.getMessage();
    return switch (e.kind()) {
      case NOT_FOUND -> KmsError.notFound(message);
      case DISABLED -> new KmsError("DisabledException", 400, message);
      case PENDING_DELETION -> new KmsError("KMSInvalidStateException", 400, message);
      case ACCESS_DENIED -> KmsError.accessDenied(message + reasons(e));
      // Denials made a quorum impossible: a policy decision, with each attestor's reason. With no
      // denial, too few attestors answered at all.
      case INSUFFICIENT_ATTESTATIONS -> e.denials().isEmpty()
          ? new KmsError("DependencyTimeoutException", 503, message + reasons(e))
          : KmsError.accessDenied(message + reasons(e));
      case INVALID_CIPHERTEXT -> new KmsError("InvalidCiphertextException", 400, message);
      case BAD_REQUEST -> policyOperation ? new KmsError("MalformedPolicyDocumentException", 400, message)
          : KmsError.validation(message);
      case UNAVAILABLE -> new KmsError("DependencyTimeoutException", 503, message);
      case INVALID_SHARE -> KmsError.internal(message);
      case REJECTED -> policyOperation ? new KmsError("MalformedPolicyDocumentException", 400, message)
          : new KmsError("KMSInvalidStateException", 400, message);
    };
  }

  private static String reasons(KeyQuorumException e) {
    if (e.attestors().isEmpty()) {
      return "";
    }
    return " [" + e.attestors().stream().map(ErrorMapping::describe).collect(Collectors.joining("; ")) + "]";
  }

  private static String describe(AttestorReport r) {
    return r.attestorId() + ": " + r.status() + (r.reason().isEmpty() ? "" : " (" + r.reason() + ")");
  }
}
