package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodingTest {
  private final TestKeys keys = new TestKeys(4, 11);
  private final ChainBuilder chain = new ChainBuilder(keys);
  private final Block b1 = chain.child(keys.replicas.genesis(), chain.genesisQc(), 1, "a".getBytes(), new byte[0]);
  private final Block b2 = chain.child(b1, chain.certify(b1), 2, "b".getBytes());

  @Test
  void block_roundTripsToTheSameBytesAndHash() {
    Block back = Block.decode(b2.encoded());
    assertThat(back.encoded()).isEqualTo(b2.encoded());
    assertThat(back.hash()).isEqualTo(b2.hash());
    assertThat(back.commandCount()).isEqualTo(1);
  }

  @Test
  void blockHash_changesWithAnyField() {
    Block other = chain.child(keys.replicas.genesis(), chain.genesisQc(), 1, "a".getBytes());
    assertThat(other.hash()).isNotEqualTo(b1.hash());
    assertThat(new Block(1, 2, 0, 1, b1.parent(), b1.justify(), List.of()).hash())
        .isNotEqualTo(new Block(1, 3, 0, 1, b1.parent(), b1.justify(), List.of()).hash());
    assertThat(new Block(1, 2, 0, 1, b1.parent(), b1.justify(), List.of()).hash())
        .isNotEqualTo(new Block(1, 2, 0, 2, b1.parent(), b1.justify(), List.of()).hash());
  }

  @Test
  void blockWhoseParentIsNotItsJustify_isRejected() {
    assertThatThrownBy(() -> new Block(2, 2, 0, 1, keys.replicas.genesisHash(), chain.certify(b1), List.of()))
        .hasMessageContaining("parent");
  }

  @Test
  void blockOverTheCommandBudget_isRejected() {
    List<byte[]> big = List.of(new byte[Block.MAX_COMMAND_BYTES], new byte[1]);
    assertThatThrownBy(() -> new Block(1, 1, 0, 1, keys.replicas.genesisHash(), chain.genesisQc(), big))
        .hasMessageContaining("limit");
  }

  @Test
  void largestBlock_stillFitsASignedProposal() {
    assertThat(Block.MAX_ENCODED + 64).as("worst case, tag prefix included").isLessThanOrEqualTo(io.keyquorum.crypto.SignedEnvelope.MAX_PAYLOAD);
    List<byte[]> full = new ArrayList<>();
    for (int i = 0; i < Block.MAX_COMMANDS; i++) {
      full.add(new byte[Block.MAX_COMMAND_BYTES / Block.MAX_COMMANDS]);
    }
    Block big = chain.child(b1, chain.certify(b1), 2, full.toArray(new byte[0][]));
    byte[] wire = chain.proposal(big);
    ConsensusMessage.Proposal back = (ConsensusMessage.Proposal) ConsensusMessage.decode(wire);
    assertThat(back.open(keys.replicas, SignatureVerifier.ED25519).hash()).isEqualTo(big.hash());
  }

  @Test
  void everyMessageKind_roundTrips() {
    List<ConsensusMessage> messages = List.of(
        ConsensusMessage.Proposal.sign(b2, 0, keys.key(0)),
        new ConsensusMessage.VoteMessage(Vote.sign(2, b2.hash(), 1, keys.key(1))),
        ConsensusMessage.NewView.sign(8, chain.certify(b1), 2, keys.key(2)),
        new ConsensusMessage.SyncRequest(3, b2.hash()),
        new ConsensusMessage.SyncRequest(3, null),
        new ConsensusMessage.SyncResponse(List.of(b1, b2), chain.certify(b2), new CommitProof(keys.replicas.genesisHash(), 0, null, null, null)),
        new ConsensusMessage.CommandForward("cmd".getBytes()));
    for (ConsensusMessage m : messages) {
      byte[] wire = m.encode();
      assertThat(ConsensusMessage.decode(wire).encode()).as(m.getClass().getSimpleName()).isEqualTo(wire);
    }
  }

  @Test
  void unknownTypeAndTrailingBytes_areNamed() {
    assertThatThrownBy(() -> ConsensusMessage.decode(new byte[] {42})).isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("unknown");
    byte[] wire = new ConsensusMessage.SyncRequest(1, null).encode();
    assertThatThrownBy(() -> ConsensusMessage.decode(java.util.Arrays.copyOf(wire, wire.length + 3)))
        .hasMessageContaining("trailing");
  }

  @Test
  void hostileBytes_onlyEverFailAsMalformed_andNeverCrashAReplica() {
    Random rnd = new Random(5);
    List<byte[]> valid = new ArrayList<>();
    valid.add(chain.proposal(b2));
    valid.add(new ConsensusMessage.VoteMessage(Vote.sign(2, b2.hash(), 1, keys.key(1))).encode());
    valid.add(ConsensusMessage.NewView.sign(8, chain.certify(b1), 2, keys.key(2)).encode());
    valid.add(new ConsensusMessage.SyncResponse(List.of(b1, b2), chain.certify(b2),
        new CommitProof(keys.replicas.genesisHash(), 0, null, null, null)).encode());
    RecordingNetwork net = new RecordingNetwork();
    Replica replica = new Replica(3, keys.key(3), keys.replicas, new InMemoryBlockStore(), net, b -> { },
        ReplicaConfig.defaults(), SignatureVerifier.ED25519);
    int rejected = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] m;
      if (i % 3 == 0) {
        m = new byte[rnd.nextInt(100)];
        rnd.nextBytes(m);
      } else {
        byte[] base = valid.get(rnd.nextInt(valid.size()));
        m = i % 3 == 1 ? java.util.Arrays.copyOf(base, rnd.nextInt(base.length)) : base.clone();
        if (i % 3 == 2) {
          m[rnd.nextInt(m.length)] ^= (byte) (1 + rnd.nextInt(255));
        }
      }
      try {
        ConsensusMessage.decode(m);
      } catch (IllegalArgumentException e) {
        rejected++;
      }
      replica.onMessage(0, m);
    }
    assertThat(rejected).isGreaterThan(1000);
    assertThat(replica.droppedMessages()).isGreaterThanOrEqualTo(rejected);
  }
}
