package io.keyquorum.orchestrator.flow;

import io.keyquorum.protocol.Attestation;
import java.util.Optional;

/**
 * A second opinion on a verified allow: why it cannot be an honest attestor's judgement, or
 * empty. An allow with an objection does not count toward the quorum (see {@link KeyPolicyCheck}).
 */
@FunctionalInterface
public interface AllowCheck {
  AllowCheck NONE = (attestorId, attestation) -> Optional.empty();

  Optional<String> objection(String attestorId, Attestation attestation);
}
