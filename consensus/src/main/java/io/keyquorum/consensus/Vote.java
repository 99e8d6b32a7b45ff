package io.keyquorum.consensus;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Objects;

/**
 * One replica's signature that it accepts {@code blockHash} in {@code view} (HotStuff
 * voteMsg). The signature covers the vote tag, the view and the block hash, nothing else, so all
 * votes for one block in one view sign identical bytes and combine into a
 * {@link QuorumCertificate}.
 */
public record Vote(long view, BlockHash blockHash, int voter, byte[] signature) {
  public Vote {
    Objects.requireNonNull(blockHash, "blockHash");
    if (view < 0 || voter < 0) {
      throw new IllegalArgumentException("view and voter must be non-negative");
    }
    if (signature == null || signature.length != Ed25519PublicKey.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("vote signature must be " + Ed25519PublicKey.SIGNATURE_LENGTH + " bytes");
    }
    signature = signature.clone();
  }

  public static Vote sign(long view, BlockHash blockHash, int voter, Ed25519PrivateKey key) {
    byte[] sig = SignedEnvelope.sign(ConsensusDomains.VOTE, body(view, blockHash), key).signature();
    return new Vote(view, blockHash, voter, sig);
  }

  static byte[] body(long view, BlockHash blockHash) {
    return new CanonicalWriter().u64(view).fixed(blockHash.bytes(), BlockHash.LENGTH).toByteArray();
  }

  /** Checks membership and signature; throws naming the failure. */
  public void verify(ReplicaSet replicas, SignatureVerifier verifier) {
    if (!replicas.isMember(voter)) {
      throw new InvalidCertificateException(InvalidCertificateException.Reason.NOT_A_MEMBER, "voter " + voter);
    }
    SignedEnvelope env = SignedEnvelope.of(ConsensusDomains.votePayload(body(view, blockHash)), signature);
    try {
      verifier.open(env, ConsensusDomains.VOTE, replicas.publicKey(voter));
    } catch (InvalidSignatureException e) {
      throw new InvalidCertificateException(InvalidCertificateException.Reason.BAD_SIGNATURE, "voter " + voter + " view " + view);
    }
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vote v && v.view == view && v.voter == voter && v.blockHash.equals(blockHash)
        && java.util.Arrays.equals(v.signature, signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(view, blockHash, voter);
  }

  @Override
  public String toString() {
    return "Vote[v=" + view + " " + blockHash + " by " + voter + "]";
  }
}
