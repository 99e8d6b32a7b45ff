package io.keyquorum.attestor.audit;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.registry.command.AnchorAuditHead;
import io.keyquorum.registry.command.Command;
import io.keyquorum.registry.command.CommandType;
import io.keyquorum.registry.command.SignedCommand;

/**
 * An audit head as the registry holds it for one attestor: the floor {@link AuditVerifier} holds
 * that attestor's chain to. It comes from the network, not from the node's own file, so cutting
 * the file's rows and signed heads back together cannot lower it.
 *
 * @param nodeId the attestor
 * @param seq the anchored row
 * @param hash that row's chain hash
 * @param registryHeight the registry height at which the anchor was committed
 */
public record AnchoredHead(String nodeId, long seq, byte[] hash, long registryHeight) {
  public AnchoredHead {
    hash = hash.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  /**
   * Opens a committed {@code AnchorAuditHead} under the attestor's own key, so whoever relayed
   * the bytes (a replica, an orchestrator) cannot have made it up.
   *
   * @throws IllegalArgumentException if it is not such a command, or not authored and signed by
   *     {@code attestorKey}'s holder as {@code nodeId}
   */
  public static AnchoredHead open(String nodeId, byte[] signedCommand, long registryHeight,
      Ed25519PublicKey attestorKey) {
    SignedCommand frame = SignedCommand.decode(signedCommand);
    if (frame.type() != CommandType.ANCHOR_AUDIT_HEAD || !frame.authorId().equals(nodeId)) {
      throw new IllegalArgumentException("the registry's anchor for " + nodeId + " is a " + frame.type() + " by "
          + frame.authorId());
    }
    Command command;
    try {
      command = frame.open(attestorKey);
    } catch (io.keyquorum.crypto.InvalidSignatureException e) {
      throw new IllegalArgumentException("the registry's anchor for " + nodeId + " is not signed by its key: "
          + e.getMessage(), e);
    }
    AnchorAuditHead a = (AnchorAuditHead) command;
    return new AnchoredHead(nodeId, a.auditSeq(), a.auditHash().toByteArray(), registryHeight);
  }
}
