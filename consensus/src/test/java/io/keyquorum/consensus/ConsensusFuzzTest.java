package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.fuzz.Fuzz;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of consensus message decoding and verification, from seeds made by the real
 * encoders (docs/FUZZING.md). The documented failures are the ones {@link Replica} and
 * {@link Learner} catch and drop: IllegalArgumentException (MalformedEncodingException among
 * them) and the signature and certificate SecurityExceptions.
 */
class ConsensusFuzzTest {
  private final TestKeys keys = new TestKeys(4, 11);
  private final ChainBuilder chain = new ChainBuilder(keys);
  private final Block b1 = chain.child(keys.replicas.genesis(), chain.genesisQc(), 1, "a".getBytes(), new byte[0]);
  private final Block b2 = chain.child(b1, chain.certify(b1), 2, "b".getBytes());
  private final Block b3 = chain.child(b2, chain.certify(b2), 3, "c".getBytes());

  @Test
  void mutatedConsensusMessages_failOnlyWithTheExceptionsReplicasDrop() {
    List<byte[]> seeds = List.of(
        ConsensusMessage.Proposal.sign(b2, 0, keys.key(0)).encode(),
        new ConsensusMessage.VoteMessage(Vote.sign(2, b2.hash(), 1, keys.key(1))).encode(),
        ConsensusMessage.NewView.sign(8, chain.certify(b1), 2, keys.key(2)).encode(),
        new ConsensusMessage.SyncRequest(3, b2.hash()).encode(),
        new ConsensusMessage.SyncResponse(List.of(b1, b2, b3), chain.certify(b3),
            new CommitProof(b1.hash(), b1.height(), b2, b3, chain.certify(b3))).encode(),
        new ConsensusMessage.CommandForward("cmd".getBytes()).encode());
    int rejected = Fuzz.run("ConsensusMessage.decode/open/verify", seeds,
        Set.of(IllegalArgumentException.class, InvalidSignatureException.class, InvalidCertificateException.class),
        this::decodeAndVerify);
    assertThat(rejected).isPositive();
  }

  private void decodeAndVerify(byte[] wire) {
    SignatureVerifier verifier = SignatureVerifier.ED25519;
    ConsensusMessage m = ConsensusMessage.decode(wire);
    if (m instanceof ConsensusMessage.Proposal p) {
      p.open(keys.replicas, verifier).justify().verify(keys.replicas, verifier);
    } else if (m instanceof ConsensusMessage.VoteMessage v) {
      v.vote().verify(keys.replicas, verifier);
    } else if (m instanceof ConsensusMessage.NewView n) {
      n.open(keys.replicas, verifier).highQc().verify(keys.replicas, verifier);
    } else if (m instanceof ConsensusMessage.SyncResponse s) {
      s.highQc().verify(keys.replicas, verifier);
      s.commitProof().verify(keys.replicas, verifier);
      for (Block b : s.blocks()) {
        b.justify().verify(keys.replicas, verifier);
      }
    }
  }
}
