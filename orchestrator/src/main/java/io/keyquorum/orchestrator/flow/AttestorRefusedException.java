package io.keyquorum.orchestrator.flow;

/**
 * An attestor answered, but with a refusal instead of a signed statement (docs/ATTESTOR.md,
 * "Refusals on the wire": malformed, unknown client, bad signature, stale, replay, unknown key,
 * quorum refused, already released...). Transports complete a call's future with this so the flow
 * reports the attestor as {@code refused}, with its reason, and not as unreachable: an operator
 * reading "unreachable" would look for a network fault that does not exist.
 */
public final class AttestorRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param reason the attestor's status and its {@code REASON: message} description */
  public AttestorRefusedException(String reason) {
    super(reason);
  }
}
