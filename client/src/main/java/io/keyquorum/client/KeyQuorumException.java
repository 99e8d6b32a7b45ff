package io.keyquorum.client;

import io.keyquorum.protocol.delivery.ErrorKind;
import java.util.List;
import java.util.Objects;

/**
 * A failed key operation, typed by {@link #kind()}: not found, disabled, pending deletion, access
 * denied, insufficient attestations, invalid ciphertext, bad request, unavailable, invalid share,
 * rejected. For insufficient attestations, {@link #attestors()} holds every attestor's report,
 * with its signed denial where it made one, so a caller can keep denials as evidence.
 */
public class KeyQuorumException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final transient List<AttestorReport> attestors;

  public KeyQuorumException(ErrorKind kind, String message) {
    this(kind, message, List.of(), null);
  }

  public KeyQuorumException(ErrorKind kind, String message, List<AttestorReport> attestors, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.attestors = List.copyOf(attestors);
  }

  public ErrorKind kind() {
    return kind;
  }

  public List<AttestorReport> attestors() {
    return attestors;
  }

  /** The attestors that denied, with their signed statements. */
  public List<AttestorReport> denials() {
    return attestors.stream().filter(a -> a.status().equals("denied")).toList();
  }
}
