package io.keyquorum.kms;

/**
 * A failure as AWS KMS reports it: the {@code __type} the AWS SDKs map to their modeled exception
 * classes, a message for the caller, and the HTTP status. Messages are written for clients and
 * never carry a stack trace or secret.
 */
public final class KmsError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String type;
  private final int status;

  public KmsError(String type, int status, String message) {
    super(message, null, false, false);
    this.type = type;
    this.status = status;
  }

  public String type() {
    return type;
  }

  public int status() {
    return status;
  }

  public static KmsError validation(String message) {
    return new KmsError("ValidationException", 400, message);
  }

  public static KmsError unsupported(String message) {
    return new KmsError("UnsupportedOperationException", 400, message);
  }

  public static KmsError notFound(String message) {
    return new KmsError("NotFoundException", 400, message);
  }

  public static KmsError accessDenied(String message) {
    return new KmsError("AccessDeniedException", 400, message);
  }

  public static KmsError invalidSignature(String message) {
    return new KmsError("InvalidSignatureException", 400, message);
  }

  public static KmsError unrecognizedClient(String message) {
    return new KmsError("UnrecognizedClientException", 400, message);
  }

  public static KmsError internal(String message) {
    return new KmsError("KMSInternalException", 500, message);
  }
}
