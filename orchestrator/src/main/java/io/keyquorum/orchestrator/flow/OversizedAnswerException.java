package io.keyquorum.orchestrator.flow;

/**
 * An attestor's answer exceeded the transport's message-size limit and was cut off unread. No
 * honest attestor sends one (an attestation or a release is a few KiB), so the flow reports it as
 * {@link AttestorFault#OVERSIZED}, not as a network fault.
 */
public final class OversizedAnswerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OversizedAnswerException(String message) {
    super(message);
  }
}
