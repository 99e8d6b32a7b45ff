package io.keyquorum.registry;

import static io.keyquorum.registry.RejectedCommandException.require;

import io.keyquorum.registry.command.AnchorAuditHead;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.SignedCommand;

/**
 * Applies {@link AnchorAuditHead}. By the time it runs, the state machine has already checked that
 * the author is a genesis attestor and that the command verifies under that attestor's own key
 * (so nobody can anchor a head for another attestor), and that its header sequence is fresh.
 *
 * <p>The anchored row must move strictly forward: an anchor is the floor a later audit check
 * holds the chain to, and letting it move back would let a truncated chain pass again.
 */
final class AuditAnchoring {
  private AuditAnchoring() {}

  static RegistryState apply(RegistryState state, AnchorAuditHead anchor, SignedCommand signed) {
    String attestor = anchor.header().authorId();
    long last = state.auditAnchor(attestor).map(AuditAnchor::seq).orElse(0L);
    require(anchor.auditSeq() > last, RejectionCode.ANCHOR_NOT_ADVANCING,
        "attestor " + attestor + " anchored audit row " + anchor.auditSeq() + ", not above its anchored row " + last);
    return state.withAuditAnchor(new AuditAnchor(attestor, anchor.auditSeq(), anchor.auditHash(), state.height(),
        Blob.copyOf(signed.encode())));
  }
}
