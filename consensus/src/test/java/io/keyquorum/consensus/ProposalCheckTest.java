package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A replica votes only for blocks whose time is plausible and whose commands the application
 * admits against the state at the parent (issue 13, items 4 and 9). The leaders here are
 * Byzantine: the test signs whatever it likes with their keys.
 */
class ProposalCheckTest {
  private static final long NOW = 1_800_000_000_000L;
  private final TestKeys keys = new TestKeys(4, 33);
  private final ChainBuilder chain = new ChainBuilder(keys);
  private final Block genesis = keys.replicas.genesis();
  private final RecordingNetwork net = new RecordingNetwork();
  /** What the validator was asked: the committed tip and the uncommitted ancestors it was given. */
  private final List<String> asked = new ArrayList<>();
  /** Refuses any command that starts with "junk", judging nothing else. */
  private final CommandValidator noJunk = (committed, uncommitted, time, commands) -> {
    asked.add(committed + " " + uncommitted.stream().map(Block::hash).toList());
    return commands.stream().filter(c -> !new String(c, StandardCharsets.UTF_8).startsWith("junk")).toList();
  };

  private Replica replica() {
    Replica r = new Replica(3, keys.key(3), keys.replicas, new InMemoryBlockStore(), net, b -> { },
        ReplicaConfig.defaults(), SignatureVerifier.ED25519, noJunk);
    r.onTick(NOW);
    return r;
  }

  private Block block(Block parent, QuorumCertificate justify, long view, long time, String... commands) {
    List<byte[]> cmds = new ArrayList<>();
    for (String c : commands) {
      cmds.add(c.getBytes(StandardCharsets.UTF_8));
    }
    return new Block(parent.height() + 1, view, keys.replicas.leaderOf(view), time, parent.hash(), justify, cmds);
  }

  private void propose(Replica r, Block b) {
    r.onMessage(b.proposer(), chain.proposal(b));
  }

  @Test
  void blockWithInvalidCommand_getsNoHonestVote() {
    Replica r = replica();
    propose(r, block(genesis, chain.genesisQc(), 1, NOW, "ok-1", "junk: unsigned"));
    assertThat(net.votes()).as("a block with one refused command").isEmpty();
    Block clean = block(genesis, chain.genesisQc(), 2, NOW + 1, "ok-1");
    propose(r, clean);
    assertThat(net.votes()).extracting(Vote::blockHash).containsExactly(clean.hash());
  }

  @Test
  void validator_judgesAgainstTheStateAtTheParent() {
    Replica r = replica();
    Block b1 = block(genesis, chain.genesisQc(), 1, NOW, "ok-1");
    Block b2 = block(b1, chain.certify(b1), 2, NOW + 1, "ok-2");
    Block b3 = block(b2, chain.certify(b2), 3, NOW + 2, "ok-3");
    propose(r, b1);
    propose(r, b2);
    propose(r, b3);
    assertThat(net.votes()).hasSize(3);
    // Nothing has committed yet, so b3 is judged on genesis plus its uncommitted ancestors b1, b2.
    assertThat(asked).last().isEqualTo(genesis.hash() + " " + List.of(b1.hash(), b2.hash()));
  }

  @Test
  void blockTimeFarAheadOfLocalClock_getsNoVote() {
    Replica r = replica();
    propose(r, block(genesis, chain.genesisQc(), 1, NOW + Replica.MAX_CLOCK_SKEW_MILLIS + 1, "ok-1"));
    assertThat(net.votes()).isEmpty();
    propose(r, block(genesis, chain.genesisQc(), 2, NOW + Replica.MAX_CLOCK_SKEW_MILLIS, "ok-1"));
    assertThat(net.votes()).hasSize(1);
  }

  @Test
  void backdatedBlockTime_getsNoVote() {
    Replica r = replica();
    propose(r, block(genesis, chain.genesisQc(), 1, NOW - 7L * 24 * 60 * 60 * 1000, "ok-1"));
    assertThat(net.votes()).isEmpty();
  }

  @Test
  void blockTimeNotAfterItsParents_getsNoVote() {
    Replica r = replica();
    Block b1 = block(genesis, chain.genesisQc(), 1, NOW, "ok-1");
    propose(r, b1);
    propose(r, block(b1, chain.certify(b1), 2, NOW, "ok-2"));
    assertThat(net.votes()).extracting(Vote::blockHash).containsExactly(b1.hash());
  }

  @Test
  void submitOfRefusedCommand_isRefusedAndNotForwarded() {
    Replica r = replica();
    assertThatThrownBy(() -> r.submit("junk".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("refuses");
    assertThat(net.ofType(ConsensusMessage.CommandForward.class)).isEmpty();
    assertThat(r.submit("ok".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(net.ofType(ConsensusMessage.CommandForward.class)).hasSize(1);
  }

  @Test
  void genesisBlockWithATime_isRejected() {
    assertThatThrownBy(() -> new Block(0, 0, 0, 5, genesis.parent(), null, List.of())).hasMessageContaining("genesis");
  }
}
