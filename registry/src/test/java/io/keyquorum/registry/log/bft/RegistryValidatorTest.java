package io.keyquorum.registry.log.bft;

import static io.keyquorum.registry.TestNetwork.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.consensus.Block;
import io.keyquorum.consensus.BlockHash;
import io.keyquorum.consensus.CommittedBlock;
import io.keyquorum.consensus.QuorumCertificate;
import io.keyquorum.registry.TestNetwork;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.SignedCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry's pre-vote check: the state machine, dry-run at the proposal's parent (issue 13, item 9). */
class RegistryValidatorTest {
  private static final BlockHash GENESIS = BlockHash.sha256("test chain".getBytes(StandardCharsets.UTF_8));
  private TestNetwork net;
  private Block b1;
  private Block b2;

  private static Block child(BlockHash parent, long height, long time, List<SignedCommand> commands) {
    return new Block(height, height, 0, time, parent, new QuorumCertificate(height - 1, parent, List.of()),
        commands.stream().map(SignedCommand::encode).toList());
  }

  private static CommittedBlock committed(Block b) {
    return new CommittedBlock(b.height(), b.view(), b.hash(), b.timeMillis(), b.commands());
  }

  private RegistryValidator committedThrough(Block... blocks) {
    RegistryValidator v = new RegistryValidator(net.empty(), GENESIS);
    for (Block b : blocks) {
      v.onCommit(committed(b));
    }
    return v;
  }

  @BeforeEach
  void chain() {
    net = new TestNetwork();
    b1 = child(GENESIS, 1, T0, net.bootstrap());
    b2 = child(b1.hash(), 2, T0 + 1, List.of(net.createKey("k-1", "payments")));
  }

  @Test
  void blockWithUnauthorisedCommand_isNotAdmissible() {
    RegistryValidator v = committedThrough(b1);
    byte[] byStranger = SignedCommand.sign(new RegisterClient(net.header("outsider"),
        net.client("outsider", List.of("admin"), true)), net.key("outsider")).encode();
    byte[] junk = "not a command".getBytes(StandardCharsets.UTF_8);
    byte[] fine = net.registerClient(net.client("outsider", List.of("reader"), true)).encode();
    assertThat(v.admissible(b1.hash(), List.of(), T0 + 2, List.of(byStranger, junk, fine))).containsExactly(fine);
  }

  @Test
  void validation_usesStateAtTheParent_soPipelinedReplicasAgree() {
    byte[] ack = net.ack("attestor-1", "k-1", 1).encode();
    // Replica A has committed only b1; b2 (which creates k-1) is an uncommitted ancestor of the proposal.
    RegistryValidator behind = committedThrough(b1);
    // Replica B has already committed b2.
    RegistryValidator ahead = committedThrough(b1, b2);
    assertThat(behind.admissible(b1.hash(), List.of(b2), T0 + 2, List.of(ack))).hasSize(1);
    assertThat(ahead.admissible(b2.hash(), List.of(), T0 + 2, List.of(ack))).hasSize(1);
    // Judged on the committed state alone, without the parent's ancestor, the ack names no key.
    assertThat(behind.admissible(b1.hash(), List.of(), T0 + 2, List.of(ack))).isEmpty();
  }

  @Test
  void commandsOfOneBlock_areJudgedInOrder() {
    RegistryValidator v = committedThrough(b1, b2);
    byte[] ack = net.ack("attestor-1", "k-1", 1).encode();
    byte[] again = net.ack("attestor-1", "k-1", 1).encode();
    assertThat(v.admissible(b2.hash(), List.of(), T0 + 2, List.of(ack, again))).containsExactly(ack);
  }

  @Test
  void proposalNotOnTheCommittedTip_isNotAdmissible() {
    RegistryValidator v = committedThrough(b1, b2);
    byte[] fine = net.registerClient(net.client("outsider", List.of("reader"), true)).encode();
    assertThat(v.admissible(b1.hash(), List.of(), T0 + 2, List.of(fine))).isEmpty();
  }
}
