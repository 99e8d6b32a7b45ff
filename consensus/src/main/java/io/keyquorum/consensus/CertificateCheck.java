package io.keyquorum.consensus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verifies quorum certificates, remembering which (view, block) pairs are already proven so a
 * certificate seen in many messages costs its signature checks once. Any valid QC for the same
 * (view, block) proves the same fact, so skipping a repeat never admits anything unproven.
 */
final class CertificateCheck {
  private static final int REMEMBERED = 4096;

  private record Proven(long view, BlockHash block) {}

  private final ReplicaSet replicas;
  private final SignatureVerifier verifier;
  private final Map<Proven, Boolean> proven = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Proven, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  };

  CertificateCheck(ReplicaSet replicas, SignatureVerifier verifier) {
    this.replicas = replicas;
    this.verifier = verifier;
  }

  SignatureVerifier verifier() {
    return verifier;
  }

  /** Throws {@link InvalidCertificateException} unless {@code qc} is a valid certificate. */
  void verify(QuorumCertificate qc) {
    Proven key = new Proven(qc.view(), qc.blockHash());
    if (proven.containsKey(key)) {
      return;
    }
    qc.verify(replicas, verifier);
    proven.put(key, Boolean.TRUE);
  }

  /** Throws unless {@code proof} is a well-linked three-chain of valid certificates. */
  void verify(CommitProof proof) {
    proof.checkLinks(replicas);
    proof.certificates().forEach(this::verify);
  }

  /** Records a certificate this node assembled from votes it verified itself. */
  void remember(QuorumCertificate qc) {
    proven.put(new Proven(qc.view(), qc.blockHash()), Boolean.TRUE);
  }
}
