package io.keyquorum.crypto.encoding;

/** Bytes that are not the canonical encoding of the expected value. The message names the field. */
public final class MalformedEncodingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public MalformedEncodingException(String message) {
    super(message);
  }
}
