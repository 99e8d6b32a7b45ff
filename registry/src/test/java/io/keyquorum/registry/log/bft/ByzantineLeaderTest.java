package io.keyquorum.registry.log.bft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyquorum.consensus.Block;
import io.keyquorum.consensus.ConsensusMessage;
import io.keyquorum.consensus.InMemoryBlockStore;
import io.keyquorum.consensus.QuorumCertificate;
import io.keyquorum.consensus.ReplicaNetwork;
import io.keyquorum.consensus.ReplicaSet;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.registry.TestNetwork;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.SignedCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A Byzantine leader proposes, to an honest validating registry replica, a block holding a command
 * the registry would reject: the replica does not vote for it, and does vote for the same block
 * without that command (issue 13, item 9).
 */
class ByzantineLeaderTest {
  private final List<Ed25519PrivateKey> keys = new ArrayList<>();
  private final List<ConsensusMessage> sent = new CopyOnWriteArrayList<>();

  private ReplicaSet replicas() {
    for (int i = 0; i < 4; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) (i + 1);
      seed[31] = 0x44;
      keys.add(Ed25519PrivateKey.fromSeed(SecretBytes.copyOf(seed)));
    }
    return new ReplicaSet(keys.stream().map(Ed25519PrivateKey::publicKey).toList());
  }

  private long votes() {
    return sent.stream().filter(m -> m instanceof ConsensusMessage.VoteMessage).count();
  }

  @Test
  void blockWithInvalidCommand_getsNoHonestVote() throws Exception {
    TestNetwork net = new TestNetwork();
    ReplicaSet replicas = replicas();
    ReplicaNetwork recording = new ReplicaNetwork() {
      @Override
      public void send(int to, byte[] message) {
        sent.add(ConsensusMessage.decode(message));
      }

      @Override
      public void broadcast(byte[] message) {
        sent.add(ConsensusMessage.decode(message));
      }
    };
    try (HotStuffLog honest = HotStuffLog.openValidating(3, keys.get(3), replicas, new InMemoryBlockStore(), recording,
        LocalCluster.TIMING, net.empty())) {
      int leader = replicas.leaderOf(1);
      byte[] genesis = net.genesis().encode();
      byte[] byStranger = SignedCommand.sign(new RegisterClient(net.header("outsider"),
          net.client("outsider", List.of("admin"), true)), net.key("outsider")).encode();
      QuorumCertificate genesisQc = QuorumCertificate.genesis(replicas);

      Block withJunk = new Block(1, 1, leader, System.currentTimeMillis(), replicas.genesisHash(), genesisQc,
          List.of(genesis, byStranger));
      honest.onMessage(leader, ConsensusMessage.Proposal.sign(withJunk, leader, keys.get(leader)).encode());
      Thread.sleep(500);
      assertThat(votes()).as("votes for a block holding an unauthorised command").isZero();

      // The same leader, next view, without the stranger's command: the honest replica votes.
      Block clean = new Block(1, 2, leader, System.currentTimeMillis(), replicas.genesisHash(), genesisQc, List.of(genesis));
      honest.onMessage(leader, ConsensusMessage.Proposal.sign(clean, leader, keys.get(leader)).encode());
      await().atMost(Duration.ofSeconds(10)).until(() -> votes() == 1);
    }
  }
}
