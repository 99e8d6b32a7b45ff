package io.keyquorum.protocol;

import java.util.Objects;

/**
 * A quorum certificate that does not authorise a release; the message names the fault, {@link
 * #fault()} classifies it (for metrics) without parsing the message.
 */
public final class QuorumRefusedException extends SecurityException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the certificate; {@link #wireName()} is a stable metric label. */
  public enum Fault {
    TOO_FEW("too-few"),
    WRONG_NETWORK("wrong-network"),
    NOT_A_MEMBER("not-a-member"),
    DUPLICATE("duplicate"),
    BAD_SIGNATURE("bad-signature"),
    WRONG_REQUEST("wrong-request"),
    WRONG_KEY("wrong-key"),
    DENIES("denies"),
    EXPIRED("expired"),
    STALE_HEIGHT("stale-height"),
    LACKS_OWN("lacks-own");

    private final String wireName;

    Fault(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  private final Fault fault;

  public QuorumRefusedException(Fault fault, String message) {
    super(message);
    this.fault = Objects.requireNonNull(fault, "fault");
  }

  public Fault fault() {
    return fault;
  }
}
