package io.keyquorum.consensus;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.List;
import java.util.Objects;

/**
 * Why a block is committed: the chained HotStuff three-chain (PODC 2019 Algorithm 3, "decide"):
 * {@code child} and {@code grandchild} directly extend the committed block in consecutive views,
 * and {@code grandchildQc} certifies the grandchild; the justify of each certifies its parent.
 * Anyone holding the replica set's public keys can check it, so a learner needs to trust no
 * single replica. The genesis block needs no proof ({@code child == null}).
 */
public record CommitProof(BlockHash committed, long height, Block child, Block grandchild, QuorumCertificate grandchildQc) {
  public CommitProof {
    Objects.requireNonNull(committed, "committed");
  }

  /** Checks every certificate and link; throws naming the first failure. */
  public void verify(ReplicaSet replicas, SignatureVerifier verifier) {
    checkLinks(replicas);
    certificates().forEach(qc -> qc.verify(replicas, verifier));
  }

  /** The links and views of the three-chain, without the signatures. */
  void checkLinks(ReplicaSet replicas) {
    if (child == null) {
      if (!committed.equals(replicas.genesisHash()) || height != 0) {
        throw new IllegalArgumentException("only genesis is committed without a three-chain");
      }
      return;
    }
    Objects.requireNonNull(grandchild, "grandchild");
    Objects.requireNonNull(grandchildQc, "grandchildQc");
    if (!grandchildQc.blockHash().equals(grandchild.hash()) || grandchildQc.view() != grandchild.view()) {
      throw new IllegalArgumentException("commit proof QC does not certify the grandchild");
    }
    if (!grandchild.parent().equals(child.hash()) || !child.parent().equals(committed)) {
      throw new IllegalArgumentException("commit proof blocks are not a direct chain");
    }
    if (grandchild.justify().view() != child.view() || grandchild.view() != child.view() + 1
        || child.view() != child.justify().view() + 1 || child.height() != height + 1) {
      throw new IllegalArgumentException("commit proof views are not consecutive");
    }
  }

  /** The certificates the proof rests on: for the committed block, its child and its grandchild. */
  List<QuorumCertificate> certificates() {
    return child == null ? List.of() : List.of(child.justify(), grandchild.justify(), grandchildQc);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter().fixed(committed.bytes(), BlockHash.LENGTH).u64(height).bool(child != null);
    if (child != null) {
      w.bytes(child.encoded()).bytes(grandchild.encoded()).bytes(grandchildQc.encode());
    }
    return w.toByteArray();
  }

  public static CommitProof decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    BlockHash committed = BlockHash.of(r.fixed("proof committed", BlockHash.LENGTH));
    long height = r.u64("proof height");
    CommitProof p = r.bool("proof has chain")
        ? new CommitProof(committed, height, Block.decode(r.bytes("proof child", Block.MAX_ENCODED)),
            Block.decode(r.bytes("proof grandchild", Block.MAX_ENCODED)),
            QuorumCertificate.decode(r.bytes("proof qc", QuorumCertificate.MAX_ENCODED)))
        : new CommitProof(committed, height, null, null, null);
    r.finish();
    return p;
  }
}
