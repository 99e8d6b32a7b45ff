package io.keyquorum.orchestrator.flow;

import io.keyquorum.crypto.hpke.SealedBox;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.blob.CiphertextBlob;
import java.util.List;
import java.util.Optional;

/**
 * The answer to one key operation: the approving quorum (signed, as evidence), and either a
 * result sealed to the client's recipient (orchestrator mode) or the client's shares (client
 * mode), plus any attestors excluded for bad shares.
 */
public record OperationResult(String keyId, long keyVersion, List<SignedAttestation> attestations,
    Optional<SealedBox> sealedResult, Optional<CiphertextBlob> blob, Optional<ClientShares> clientShares,
    List<AttestorOutcome> excluded) {
  public OperationResult {
    attestations = List.copyOf(attestations);
    excluded = List.copyOf(excluded);
  }
}
