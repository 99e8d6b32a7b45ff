package io.keyquorum.consensus;

import io.keyquorum.crypto.DomainTag;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.SignedEnvelope;
import java.security.SecureRandom;
import java.util.Arrays;

/** The domain tags of every consensus signature; one per message kind, so none can stand for another. */
final class ConsensusDomains {
  static final DomainTag VOTE = new DomainTag("keyquorum/consensus/vote/v1");
  static final DomainTag PROPOSAL = new DomainTag("keyquorum/consensus/proposal/v1");
  static final DomainTag NEW_VIEW = new DomainTag("keyquorum/consensus/new-view/v1");

  /*
   * A QC ships one signature per voter but not the signed payload (it is the same for all). To
   * rebuild that payload we need the tag prefix exactly as the crypto module writes it; we learn
   * it once by signing an empty body with a throwaway key instead of copying its format here.
   */
  private static final byte[] VOTE_PREFIX;

  static {
    Ed25519PrivateKey throwaway = Ed25519PrivateKey.generate(new SecureRandom());
    VOTE_PREFIX = SignedEnvelope.sign(VOTE, new byte[0], throwaway).payload();
    throwaway.destroy();
  }

  private ConsensusDomains() {}

  /** The exact bytes a vote signature covers: the vote tag prefix, then the body. */
  static byte[] votePayload(byte[] body) {
    byte[] out = Arrays.copyOf(VOTE_PREFIX, VOTE_PREFIX.length + body.length);
    System.arraycopy(body, 0, out, VOTE_PREFIX.length, body.length);
    return out;
  }
}
