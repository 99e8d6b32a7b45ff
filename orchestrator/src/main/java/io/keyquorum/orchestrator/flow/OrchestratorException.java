package io.keyquorum.orchestrator.flow;

import io.keyquorum.protocol.delivery.ErrorKind;
import java.util.List;
import java.util.Objects;

/**
 * A request the orchestrator refuses or cannot complete, typed by {@link ErrorKind}. The message
 * names the cause and is safe to show to the client; it never contains secret material. For
 * {@link ErrorKind#INSUFFICIENT_ATTESTATIONS} and {@link ErrorKind#INVALID_SHARE}, {@link
 * #attestors()} lists every attestor's outcome with its signed statement where there is one.
 */
public class OrchestratorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final transient List<AttestorOutcome> attestors;
  private final int needed;
  private final int approvals;

  public OrchestratorException(ErrorKind kind, String message) {
    this(kind, message, List.of(), 0, 0);
  }

  public OrchestratorException(ErrorKind kind, String message, List<AttestorOutcome> attestors, int needed,
      int approvals) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.attestors = List.copyOf(attestors);
    this.needed = needed;
    this.approvals = approvals;
  }

  public ErrorKind kind() {
    return kind;
  }

  public List<AttestorOutcome> attestors() {
    return attestors;
  }

  public int needed() {
    return needed;
  }

  public int approvals() {
    return approvals;
  }

  /** {@code insufficient attestations: 2 of 3 needed; attestor-4 denied (...), attestor-5 unreachable (...)}. */
  public static OrchestratorException insufficient(int approvals, int needed, List<AttestorOutcome> outcomes) {
    StringBuilder sb = new StringBuilder("insufficient attestations: ")
        .append(approvals).append(" of ").append(needed).append(" needed");
    String sep = "; ";
    for (AttestorOutcome o : outcomes) {
      if (o.status() != AttestorOutcome.Status.ALLOWED) {
        sb.append(sep).append(o.describe());
        sep = ", ";
      }
    }
    return new OrchestratorException(ErrorKind.INSUFFICIENT_ATTESTATIONS, sb.toString(), outcomes, needed, approvals);
  }
}
