package io.keyquorum.consensus;

import java.util.ArrayList;
import java.util.List;

/** Filters what a peer sends during catch-up down to blocks a certificate vouches for. */
final class CertifiedChain {
  /** A block and the QC that certifies it (the next block's justify, or the highQC for the last). */
  record Link(Block block, QuorumCertificate certificate) {}

  private CertifiedChain() {}

  /**
   * The leading run of {@code blocks} in which each block is certified by the next block's justify
   * or, for the last, by {@code highQc}. Callers verify each link's certificate before storing its
   * block, so a peer cannot make a node store blocks no quorum voted for (those cost nothing to
   * forge by the thousand).
   */
  static List<Link> of(List<Block> blocks, QuorumCertificate highQc) {
    List<Link> out = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      QuorumCertificate qc = i + 1 < blocks.size() ? blocks.get(i + 1).justify() : highQc;
      if (!qc.blockHash().equals(b.hash()) || qc.view() != b.view()) {
        break;
      }
      out.add(new Link(b, qc));
    }
    return out;
  }
}
