package io.keyquorum.registry;

import io.keyquorum.registry.command.AnchorAuditHead;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.Identifiers;
import java.util.Objects;

/**
 * The latest audit head an attestor anchored ({@link AnchorAuditHead}), as every replica holds it.
 *
 * <p>Keeping only the latest is enough to detect truncation below any earlier anchor too: a
 * hash chain that still reaches the latest anchor's row with its hash contains every row before
 * it unchanged, so it also reaches every earlier anchor.
 *
 * @param attestorId whose audit chain this is
 * @param seq the anchored row number
 * @param hash that row's chain hash
 * @param anchoredAtHeight the registry height of the block that committed it
 * @param signedCommand the committed {@code SignedCommand} bytes, so a reader can check the
 *     attestor's own signature instead of trusting whichever replica or learner it asked
 */
public record AuditAnchor(String attestorId, long seq, Blob hash, long anchoredAtHeight, Blob signedCommand) {
  public AuditAnchor {
    Identifiers.requireId("attestor id", attestorId);
    if (seq < 1 || anchoredAtHeight < 1) {
      throw new IllegalArgumentException("anchor seq and height must be >= 1");
    }
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(signedCommand, "signed command");
  }
}
