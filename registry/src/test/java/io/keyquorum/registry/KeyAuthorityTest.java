package io.keyquorum.registry;

import static io.keyquorum.registry.Commands.applyAll;
import static io.keyquorum.registry.Commands.rejection;
import static io.keyquorum.registry.TestNetwork.ATTESTORS;
import static io.keyquorum.registry.TestNetwork.CREATOR;
import static io.keyquorum.registry.TestNetwork.ORCHESTRATOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.registry.command.ClientAuthorization;
import io.keyquorum.registry.command.DealRequest;
import io.keyquorum.registry.command.KeyDeal;
import io.keyquorum.registry.command.RotateKey;
import io.keyquorum.registry.command.SignedCommand;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may deal which key versions, and with what bounds, decided by the state machine itself (issue 13, items 3 and 5). */
class KeyAuthorityTest {
  private static final String OTHER_CREATOR = "outsider";
  private final RegistryStateMachine machine = new RegistryStateMachine();
  private TestNetwork net;
  private RegistryState state;

  @BeforeEach
  void enabledKeyOfCreator() {
    net = new TestNetwork();
    state = applyAll(machine, net.empty(), net.bootstrap());
    state = applyAll(machine, state, List.of(net.registerClient(net.client(OTHER_CREATOR, List.of("key-creator"), true))));
    state = applyAll(machine, state, net.enabledKey("k-1", "payments"));
  }

  private SignedCommand rotateAs(String clientId, List<String> attestors, int t) {
    KeyDeal deal = net.deal(attestors, t);
    ClientAuthorization auth = net.authorization(clientId, DealRequest.Kind.ROTATE, "k-1", 1, deal, new byte[32]);
    return SignedCommand.sign(new RotateKey(net.header(ORCHESTRATOR), "k-1", 2, deal, auth), net.key(ORCHESTRATOR));
  }

  private SignedCommand create(String keyId, String alias, int t) {
    return SignedCommand.sign(net.createKeyCommand(keyId, alias, net.deal(ATTESTORS, t), CREATOR), net.key(ORCHESTRATOR));
  }

  @Test
  void rotateByNonCreator_isRefused() {
    Rejection r = rejection(machine, state, rotateAs(OTHER_CREATOR, ATTESTORS.subList(0, 2), 2));
    assertThat(r.code()).isEqualTo(RejectionCode.CLIENT_NOT_AUTHORIZED);
    assertThat(r.message()).contains("did not create key \"k-1\"");
  }

  @Test
  void rotateByCreator_isAccepted() {
    RegistryState s = applyAll(machine, state, List.of(rotateAs(CREATOR, ATTESTORS.subList(1, 4), 3)));
    assertThat(s.key("k-1").orElseThrow().latestVersion()).isEqualTo(2);
  }

  @Test
  void rotateByAdminClient_isAccepted() {
    RegistryState s = applyAll(machine, state,
        List.of(net.updateClient(net.client(OTHER_CREATOR, List.of("admin"), true)), rotateAs(OTHER_CREATOR, ATTESTORS, 3)));
    assertThat(s.key("k-1").orElseThrow().latestVersion()).isEqualTo(2);
  }

  @Test
  void thresholdBelowFPlusOne_isRefused() {
    // TestNetwork has n = 4, f = 1: t = 1 would let the one tolerated faulty attestor take the key.
    Rejection r = rejection(machine, state, create("k-2", "orders", 1));
    assertThat(r.code()).isEqualTo(RejectionCode.THRESHOLD_OUT_OF_BOUNDS);
    assertThat(r.message()).contains("f+1");
  }

  @Test
  void rotationLoweringThresholdBelowFPlusOne_isRefused() {
    assertThat(rejection(machine, state, rotateAs(CREATOR, ATTESTORS, 1)).code())
        .isEqualTo(RejectionCode.THRESHOLD_OUT_OF_BOUNDS);
  }

  @Test
  void rotationToNonMember_isRefused() {
    assertThat(rejection(machine, state, rotateAs(CREATOR, List.of("attestor-1", "attestor-9"), 2)).code())
        .isEqualTo(RejectionCode.UNKNOWN_ATTESTOR);
  }

  @Test
  void aliasEqualToExistingKeyId_isRefused() {
    assertThat(rejection(machine, state, create("k-2", "k-1", 2)).code()).isEqualTo(RejectionCode.DUPLICATE_ALIAS);
  }

  @Test
  void keyIdEqualToExistingAlias_isRefused() {
    assertThat(rejection(machine, state, create("payments", "orders", 2)).code()).isEqualTo(RejectionCode.DUPLICATE_KEY_ID);
  }

  @Test
  void keyNameWithSlashOrColon_isRefused() {
    assertThat(rejection(machine, state, create("k-2", "alias/orders", 2)).code()).isEqualTo(RejectionCode.INVALID_KEY_NAME);
    assertThat(rejection(machine, state, create("arn:k-2", "orders", 2)).code()).isEqualTo(RejectionCode.INVALID_KEY_NAME);
  }
}
