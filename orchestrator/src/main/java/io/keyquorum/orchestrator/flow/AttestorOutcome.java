package io.keyquorum.orchestrator.flow;

import io.keyquorum.protocol.SignedAttestation;
import java.util.Objects;
import java.util.Optional;

/**
 * What one attestor did for one request, for error reports and evidence: its status, a reason
 * (the deciding rule and explanation of a denial, or the transport failure), and the signed
 * attestation when it made one, so a client can keep a denial as a signed statement.
 */
public record AttestorOutcome(String attestorId, Status status, String reason, Optional<SignedAttestation> signed) {
  /** Where the attestor got to. */
  public enum Status {
    ALLOWED("allowed"),
    DENIED("denied"),
    UNREACHABLE("unreachable"),
    /** Answered with a refusal and no signed statement (replay, stale, unknown client or key...). */
    REFUSED("refused"),
    /** Answered with something that failed verification (signature, digest, expiry, height). */
    INVALID("invalid"),
    /** Released a share that failed its Feldman check, or a release that failed verification. */
    BAD_SHARE("bad-share"),
    /** Asked, but had not answered when the round ended (it ends as soon as t is reached or impossible). */
    PENDING("pending");

    private final String wireName;

    Status(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public AttestorOutcome {
    Objects.requireNonNull(attestorId, "attestor id");
    Objects.requireNonNull(status, "status");
    reason = reason == null ? "" : reason;
    Objects.requireNonNull(signed, "signed");
  }

  /** {@code attestor-4 denied (rule finance-only: ...)}. */
  public String describe() {
    return attestorId + " " + status.wireName() + (reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
