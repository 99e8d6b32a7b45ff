package io.keyquorum.consensus;

import io.keyquorum.crypto.DomainTag;
import io.keyquorum.crypto.SignedEnvelope;

/** The domain tags of every consensus signature; one per message kind, so none can stand for another. */
final class ConsensusDomains {
  static final DomainTag VOTE = new DomainTag("keyquorum/consensus/vote/v1");
  static final DomainTag PROPOSAL = new DomainTag("keyquorum/consensus/proposal/v1");
  static final DomainTag NEW_VIEW = new DomainTag("keyquorum/consensus/new-view/v1");

  private ConsensusDomains() {}

  /**
   * The exact bytes a vote signature covers. A QC ships one signature per voter but not the
   * signed payload, which is the same for all, so verifiers rebuild it.
   */
  static byte[] votePayload(byte[] body) {
    return SignedEnvelope.payloadFor(VOTE, body);
  }
}
