package io.keyquorum.consensus;

import io.keyquorum.consensus.InvalidCertificateException.Reason;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Proof that a quorum of replicas voted for {@code blockHash} in {@code view} (HotStuff QC,
 * "genericQC").
 *
 * <p>The record only holds the votes; nothing about it is trusted until {@link #verify} has
 * checked that the voters are distinct members, at least q = ⌈(n+f+1)/2⌉ of them, each with a
 * valid signature over this view and hash. The genesis certificate (view 0, no votes) is valid
 * only for the replica set's own genesis block.
 */
public record QuorumCertificate(long view, BlockHash blockHash, List<Vote> votes) {
  static final int MAX_VOTERS = 1024;
  static final int MAX_ENCODED = 8 + BlockHash.LENGTH + 4 + MAX_VOTERS * (4 + Ed25519PublicKey.SIGNATURE_LENGTH);

  public QuorumCertificate {
    Objects.requireNonNull(blockHash, "blockHash");
    votes = List.copyOf(votes);
    if (view < 0) {
      throw new IllegalArgumentException("QC view must be non-negative");
    }
    if (votes.size() > MAX_VOTERS) {
      throw new IllegalArgumentException("QC has more than " + MAX_VOTERS + " votes");
    }
    for (Vote v : votes) {
      if (v.view() != view || !v.blockHash().equals(blockHash)) {
        throw new IllegalArgumentException("every vote in a QC must be for the QC's view and block");
      }
    }
  }

  public static QuorumCertificate genesis(ReplicaSet replicas) {
    return new QuorumCertificate(0, replicas.genesisHash(), List.of());
  }

  /** Combines votes for one (view, block) into a certificate, voters in ascending order. */
  public static QuorumCertificate form(List<Vote> votes) {
    if (votes.isEmpty()) {
      throw new IllegalArgumentException("cannot form a QC from no votes");
    }
    List<Vote> sorted = new ArrayList<>(votes);
    sorted.sort(Comparator.comparingInt(Vote::voter));
    return new QuorumCertificate(sorted.get(0).view(), sorted.get(0).blockHash(), sorted);
  }

  public boolean isGenesis() {
    return view == 0;
  }

  /**
   * Checks everything that makes the certificate a proof; throws naming the first failed check.
   */
  public void verify(ReplicaSet replicas, SignatureVerifier verifier) {
    if (view == 0) {
      if (!votes.isEmpty() || !blockHash.equals(replicas.genesisHash())) {
        throw new InvalidCertificateException(Reason.GENESIS_MISMATCH, "view-0 QC must be the unsigned genesis QC");
      }
      return;
    }
    int previous = -1;
    for (Vote v : votes) {
      // Strictly ascending voters: one canonical form, and a repeated voter cannot inflate the count.
      if (v.voter() <= previous) {
        throw new InvalidCertificateException(Reason.VOTERS_NOT_ASCENDING, "voter " + v.voter() + " after " + previous);
      }
      if (!replicas.isMember(v.voter())) {
        throw new InvalidCertificateException(Reason.NOT_A_MEMBER, "voter " + v.voter());
      }
      previous = v.voter();
    }
    if (votes.size() < replicas.quorum()) {
      throw new InvalidCertificateException(Reason.TOO_FEW_VOTERS, votes.size() + " of required " + replicas.quorum());
    }
    for (Vote v : votes) {
      v.verify(replicas, verifier);
    }
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter().u64(view).fixed(blockHash.bytes(), BlockHash.LENGTH).u32(votes.size());
    for (Vote v : votes) {
      w.u32(v.voter()).fixed(v.signature(), Ed25519PublicKey.SIGNATURE_LENGTH);
    }
    return w.toByteArray();
  }

  public static QuorumCertificate decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    long view = r.u64("qc view");
    BlockHash hash = BlockHash.of(r.fixed("qc block hash", BlockHash.LENGTH));
    int count = r.count("qc votes", MAX_VOTERS);
    List<Vote> votes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long voter = r.u32("qc voter");
      if (voter > Integer.MAX_VALUE) {
        throw new MalformedEncodingException("qc voter: out of range");
      }
      votes.add(new Vote(view, hash, (int) voter, r.fixed("qc signature", Ed25519PublicKey.SIGNATURE_LENGTH)));
    }
    r.finish();
    return new QuorumCertificate(view, hash, votes);
  }

  @Override
  public String toString() {
    return "QC[v=" + view + " " + blockHash + " votes=" + votes.size() + "]";
  }
}
