package io.keyquorum.orchestrator.flow;

/**
 * What an attestor did wrong, when its answer is not merely a denial or a refusal but something an
 * honest attestor never sends (or, for {@link #EXPIRED} and {@link #STALE_HEIGHT}, a sign of a
 * badly skewed clock or a lagging replica). Each is the {@code fault} label of {@code
 * kq_attestor_faults_total}, so an operator can alert on one attestor misbehaving.
 */
public enum AttestorFault {
  /** Answered with an attestation that names another attestor. */
  IMPERSONATION("impersonation"),
  /** Signature does not verify under the attestor's registered key. */
  BAD_SIGNATURE("bad-signature"),
  /** Answer does not decode. */
  MALFORMED("malformed"),
  /** Answer exceeds the message-size limit; cut off unread. */
  OVERSIZED("oversized"),
  /** Attestation or release signed for a different request (a replay, or a mix-up). */
  WRONG_REQUEST("wrong-request"),
  /** Attestation or release for another key, version or share index. */
  WRONG_KEY("wrong-key"),
  /** Attestation outside its validity window. */
  EXPIRED("expired"),
  /** Judged at a registry height before the key's last change. */
  STALE_HEIGHT("stale-height"),
  /** An allow the key's policy denies: local policies only add denials, so no honest attestor signs it. */
  CONTRADICTS_KEY_POLICY("contradicts-key-policy"),
  /** A released share that does not open or fails its Feldman check. */
  BAD_SHARE("bad-share");

  private final String wireName;

  AttestorFault(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Where detected faults go (metrics); called once per detected fault, from any thread. */
  @FunctionalInterface
  public interface Sink {
    Sink NONE = (attestorId, fault) -> { };

    void record(String attestorId, AttestorFault fault);
  }
}
