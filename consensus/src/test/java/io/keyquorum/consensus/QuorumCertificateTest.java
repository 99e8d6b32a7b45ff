package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.consensus.InvalidCertificateException.Reason;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumCertificateTest {
  private final TestKeys keys = new TestKeys(4, 7);
  private final ChainBuilder chain = new ChainBuilder(keys);
  private final Block block = chain.child(keys.replicas.genesis(), chain.genesisQc(), 1, "x".getBytes());

  private void assertRejected(QuorumCertificate qc, Reason reason) {
    assertThatThrownBy(() -> qc.verify(keys.replicas, SignatureVerifier.ED25519))
        .isInstanceOfSatisfying(InvalidCertificateException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void quorumOfDistinctMemberSignatures_verifies() {
    assertThatCode(() -> chain.certify(block).verify(keys.replicas, SignatureVerifier.ED25519)).doesNotThrowAnyException();
    assertThatCode(() -> chain.genesisQc().verify(keys.replicas, SignatureVerifier.ED25519)).doesNotThrowAnyException();
  }

  @Test
  void fewerThanQuorumVoters_isRejectedAsTooFew() {
    assertRejected(chain.certify(block, List.of(0, 1)), Reason.TOO_FEW_VOTERS);
  }

  @Test
  void oneVoterRepeatedToInflateTheCount_isRejected() {
    Vote v = Vote.sign(block.view(), block.hash(), 0, keys.key(0));
    assertRejected(new QuorumCertificate(block.view(), block.hash(), List.of(v, v, v)), Reason.VOTERS_NOT_ASCENDING);
  }

  @Test
  void voterOutsideTheReplicaSet_isRejected() {
    List<Vote> votes = new ArrayList<>(chain.certify(block).votes());
    votes.add(new Vote(block.view(), block.hash(), 9, votes.get(0).signature()));
    assertRejected(new QuorumCertificate(block.view(), block.hash(), votes), Reason.NOT_A_MEMBER);
  }

  @Test
  void alteredSignature_isRejected() {
    List<Vote> votes = new ArrayList<>(chain.certify(block).votes());
    byte[] sig = votes.get(1).signature();
    sig[5] ^= 1;
    votes.set(1, new Vote(block.view(), block.hash(), 1, sig));
    assertRejected(new QuorumCertificate(block.view(), block.hash(), votes), Reason.BAD_SIGNATURE);
  }

  @Test
  void signatureByAnotherReplicasKey_isRejected() {
    List<Vote> votes = new ArrayList<>(chain.certify(block).votes());
    votes.set(2, new Vote(block.view(), block.hash(), 2, Vote.sign(block.view(), block.hash(), 3, keys.key(3)).signature()));
    assertRejected(new QuorumCertificate(block.view(), block.hash(), votes), Reason.BAD_SIGNATURE);
  }

  @Test
  void votesReplayedFromAnOlderView_doNotCertifyANewerView() {
    List<Vote> replayed = new ArrayList<>();
    for (Vote v : chain.certify(block).votes()) {
      replayed.add(new Vote(block.view() + 4, block.hash(), v.voter(), v.signature()));
    }
    assertRejected(new QuorumCertificate(block.view() + 4, block.hash(), replayed), Reason.BAD_SIGNATURE);
  }

  @Test
  void signatureFromAnotherDomain_isRejected() {
    List<Vote> votes = new ArrayList<>(chain.certify(block).votes());
    byte[] otherDomain = SignedEnvelope.sign(ConsensusDomains.PROPOSAL, Vote.body(block.view(), block.hash()), keys.key(0)).signature();
    votes.set(0, new Vote(block.view(), block.hash(), 0, otherDomain));
    assertRejected(new QuorumCertificate(block.view(), block.hash(), votes), Reason.BAD_SIGNATURE);
  }

  @Test
  void unsignedViewZeroQcForAnyBlockButGenesis_isRejected() {
    assertRejected(new QuorumCertificate(0, block.hash(), List.of()), Reason.GENESIS_MISMATCH);
  }

  @Test
  void votesForDifferentBlocks_cannotBeCombined() {
    Block other = chain.child(keys.replicas.genesis(), chain.genesisQc(), 1, "y".getBytes());
    List<Vote> mixed = List.of(Vote.sign(1, block.hash(), 0, keys.key(0)), Vote.sign(1, other.hash(), 1, keys.key(1)));
    assertThatThrownBy(() -> QuorumCertificate.form(mixed)).hasMessageContaining("view and block");
  }

  @Test
  void encoding_roundTrips_andRejectsTrailingOrTruncatedBytes() {
    QuorumCertificate qc = chain.certify(block);
    byte[] enc = qc.encode();
    QuorumCertificate back = QuorumCertificate.decode(enc);
    assertThat(back.encode()).isEqualTo(enc);
    assertThatCode(() -> back.verify(keys.replicas, SignatureVerifier.ED25519)).doesNotThrowAnyException();
    assertThatThrownBy(() -> QuorumCertificate.decode(java.util.Arrays.copyOf(enc, enc.length + 1)))
        .isInstanceOf(MalformedEncodingException.class).hasMessageContaining("trailing");
    assertThatThrownBy(() -> QuorumCertificate.decode(java.util.Arrays.copyOf(enc, enc.length - 1)))
        .isInstanceOf(MalformedEncodingException.class).hasMessageContaining("truncated");
  }

  @Test
  void hugeVoteCount_isRejectedBeforeAllocating() {
    byte[] enc = new io.keyquorum.crypto.encoding.CanonicalWriter().u64(1).fixed(new byte[32], 32).u32(0xFFFF_FFF0L).toByteArray();
    assertThatThrownBy(() -> QuorumCertificate.decode(enc)).isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("exceeds limit");
  }

  @Test
  void votePayload_matchesWhatSignedEnvelopeSigns() {
    byte[] body = Vote.body(3, block.hash());
    assertThat(ConsensusDomains.votePayload(body))
        .isEqualTo(SignedEnvelope.sign(ConsensusDomains.VOTE, body, keys.key(0)).payload());
  }
}
