package io.keyquorum.registry;

import static io.keyquorum.registry.Commands.applyAll;
import static io.keyquorum.registry.Commands.rejection;
import static io.keyquorum.registry.TestNetwork.ATTESTORS;
import static io.keyquorum.registry.TestNetwork.CREATOR;
import static io.keyquorum.registry.TestNetwork.ORCHESTRATOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.registry.command.ClientAuthorization;
import io.keyquorum.registry.command.DealRequest;
import io.keyquorum.registry.command.AdminInfo;
import io.keyquorum.registry.command.ClientRecord;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.CreateKey;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.SignedCommand;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryStateMachineTest {
  private final RegistryStateMachine machine = new RegistryStateMachine();
  private TestNetwork net;
  private RegistryState state;

  @BeforeEach
  void bootstrap() {
    net = new TestNetwork();
    state = applyAll(machine, net.empty(), net.bootstrap());
  }

  @Test
  void genesis_installsMembershipAndNetwork() {
    Governance g = state.governance().orElseThrow();
    assertThat(g.networkId()).isEqualTo(TestNetwork.NETWORK);
    assertThat(g.attestors().keySet()).containsExactlyElementsOf(ATTESTORS);
    assertThat(g.admins()).containsKeys(TestNetwork.FOUNDER, TestNetwork.ADMIN2);
    assertThat(g.orchestrator().id()).isEqualTo(ORCHESTRATOR);
    assertThat(g.f()).isEqualTo(1);
    assertThat(state.client(CREATOR)).isPresent();
  }

  @Test
  void secondGenesis_isRefused() {
    assertThat(rejection(machine, state, net.genesis()).code()).isEqualTo(RejectionCode.GENESIS_ALREADY_DONE);
  }

  @Test
  void genesisNotSignedByConfiguredAuthority_isRefused() {
    TestNetwork other = new TestNetwork();
    RegistryState trustingSomeoneElse = RegistryState.empty(other.key(TestNetwork.ADMIN2).publicKey());
    assertThat(rejection(machine, trustingSomeoneElse, other.genesis()).code()).isEqualTo(RejectionCode.BAD_SIGNATURE);
  }

  @Test
  void genesisSignedByAuthorityButNotListingItAsAdmin_isRefused() {
    TestNetwork other = new TestNetwork();
    Genesis listed = (Genesis) other.genesis().open(other.key(TestNetwork.FOUNDER).publicKey());
    Genesis withoutFounder = new Genesis(other.genesisHeader(), 1, listed.attestors(),
        List.of(new AdminInfo(TestNetwork.FOUNDER, other.key(TestNetwork.ADMIN2).publicKey())), listed.orchestrator());
    SignedCommand signed = SignedCommand.sign(withoutFounder, other.key(TestNetwork.FOUNDER));
    assertThat(rejection(machine, other.empty(), signed).code()).isEqualTo(RejectionCode.UNAUTHORIZED);
  }

  @Test
  void commandBeforeGenesis_isRefused() {
    TestNetwork fresh = new TestNetwork();
    SignedCommand register = fresh.registerClient(fresh.client(CREATOR, List.of("key-creator"), true));
    assertThat(rejection(machine, fresh.empty(), register).code()).isEqualTo(RejectionCode.GENESIS_REQUIRED);
  }

  @Test
  void registerClient_byNonAdmin_isRefused() {
    SignedCommand byOutsider = SignedCommand.sign(
        new RegisterClient(net.header("outsider"), net.client("outsider", List.of(), true)), net.key("outsider"));
    assertThat(rejection(machine, state, byOutsider).code()).isEqualTo(RejectionCode.UNAUTHORIZED);
  }

  @Test
  void registerClient_signedWithWrongKeyUnderAdminName_isRefused() {
    SignedCommand forged = SignedCommand.sign(
        new RegisterClient(net.header(TestNetwork.FOUNDER), net.client("outsider", List.of("admin"), true)),
        net.key("outsider"));
    assertThat(rejection(machine, state, forged).code()).isEqualTo(RejectionCode.BAD_SIGNATURE);
  }

  @Test
  void tamperedEnvelope_isRefused() {
    SignedCommand good = net.registerClient(net.client("outsider", List.of(), true));
    byte[] payload = good.envelope().payload();
    payload[payload.length - 1] ^= 1;
    SignedCommand tampered = SignedCommand.of(good.type(), good.authorId(),
        SignedEnvelope.of(payload, good.envelope().signature()));
    assertThat(rejection(machine, state, tampered).code()).isEqualTo(RejectionCode.BAD_SIGNATURE);
  }

  @Test
  void garbageBytes_areRejectedAsMalformed() {
    ApplyResult r = machine.apply(state, new byte[] {9, 9, 9});
    assertThat(r.rejection().orElseThrow().code()).isEqualTo(RejectionCode.MALFORMED);
    assertThat(r.state()).isSameAs(state);
  }

  @Test
  void replayedCommand_isRefusedBySequence() {
    SignedCommand disable = net.updateClient(net.client("app-reader", List.of(), false));
    RegistryState after = applyAll(machine, state, List.of(disable,
        net.updateClient(net.client("app-reader", List.of(), true))));
    assertThat(rejection(machine, after, disable).code()).isEqualTo(RejectionCode.REPLAYED_SEQUENCE);
    assertThat(after.client("app-reader").orElseThrow().enabled()).isTrue();
  }

  @Test
  void commandForAnotherNetwork_isRefused() {
    SignedCommand foreign = SignedCommand.sign(new RegisterClient(new CommandHeader("net-other", net.genesisHash(), TestNetwork.FOUNDER, 99),
        net.client("outsider", List.of(), true)), net.key(TestNetwork.FOUNDER));
    assertThat(rejection(machine, state, foreign).code()).isEqualTo(RejectionCode.WRONG_NETWORK);
  }

  @Test
  void commandSignedForAnotherNetwork_isRefusedByTheStateMachine() {
    // Network B has the same name and the same admin keys (an admin running a test network beside
    // production); only its genesis differs. A command signed for B must not apply on A.
    GenesisHash networkB = GenesisHash.ofPayload("another genesis".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    SignedCommand forB = SignedCommand.sign(new RegisterClient(
        new CommandHeader(TestNetwork.NETWORK, networkB, TestNetwork.FOUNDER, 99),
        net.client("outsider", List.of("admin"), true)), net.key(TestNetwork.FOUNDER));
    Rejection r = rejection(machine, state, forB);
    assertThat(r.code()).isEqualTo(RejectionCode.WRONG_NETWORK);
    assertThat(r.message()).contains("bound to genesis " + networkB).contains(net.genesisHash().toString());
    assertThat(state.governance().orElseThrow().genesisHash()).isEqualTo(net.genesisHash());
  }

  @Test
  void dealRequestSignedForAnotherNetwork_isRefusedByTheStateMachine() {
    CreateKey asked = net.createKeyCommand("k-1", "alias-a", net.deal(ATTESTORS, 3), CREATOR);
    DealRequest original = DealRequest.parse(asked.authorization().request().open(DealRequest.DOMAIN,
        net.key(CREATOR).publicKey()));
    GenesisHash networkB = GenesisHash.ofPayload("another genesis".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    DealRequest forB = new DealRequest(networkB, original.clientId(), original.kind(), original.keyRef(),
        original.baseVersion(), original.attestors(), original.threshold(), original.policySha256(),
        original.issuedAtMillis());
    SignedCommand replayed = SignedCommand.sign(new CreateKey(net.header(ORCHESTRATOR), "k-1", "alias-a", asked.deal(),
        asked.policyDocument(), new ClientAuthorization(CREATOR, forB.sign(net.key(CREATOR)))), net.key(ORCHESTRATOR));
    Rejection r = rejection(machine, state, replayed);
    assertThat(r.code()).isEqualTo(RejectionCode.WRONG_NETWORK);
    assertThat(r.message()).contains("client request is bound to genesis " + networkB);
  }

  @Test
  void genesisNamingAGenesisHash_cannotBeMade() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Genesis(net.header(TestNetwork.FOUNDER), 1,
        state.governance().orElseThrow().genesis().attestors(), state.governance().orElseThrow().genesis().admins(),
        state.governance().orElseThrow().orchestrator())).hasMessageContaining("cannot name a genesis hash");
  }

  @Test
  void duplicateClient_isRefused_andUnknownClientCannotBeUpdated() {
    assertThat(rejection(machine, state, net.registerClient(net.client(CREATOR, List.of(), true))).code())
        .isEqualTo(RejectionCode.CLIENT_EXISTS);
    assertThat(rejection(machine, state, net.updateClient(net.client("outsider", List.of(), true))).code())
        .isEqualTo(RejectionCode.UNKNOWN_CLIENT);
  }

  @Test
  void updateClient_replacesRolesAndAttributes() {
    ClientRecord updated = new ClientRecord("app-reader", net.key("app-reader").publicKey(), List.of("auditor"),
        java.util.Map.of("dept", "finance"), true);
    RegistryState after = applyAll(machine, state, List.of(net.updateClient(updated)));
    assertThat(after.client("app-reader")).contains(updated);
  }

  @Test
  void createKey_startsPendingWithPolicyVersion1() {
    RegistryState after = applyAll(machine, state, List.of(net.createKey("k-1", "alias-payments")));
    KeyRecord key = after.key("k-1").orElseThrow();
    assertThat(key.state()).isEqualTo(KeyState.PENDING_ACKS);
    assertThat(key.currentVersion()).isEmpty();
    assertThat(key.createdBy()).isEqualTo(CREATOR);
    assertThat(after.keyByAlias("alias-payments")).contains(key);
    assertThat(after.policy("k-1").orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void keyIsEnabledOnlyAfterEveryAttestorAcks() {
    RegistryState s = applyAll(machine, state, List.of(net.createKey("k-1", "alias-a")));
    for (int i = 0; i < ATTESTORS.size(); i++) {
      assertThat(s.key("k-1").orElseThrow().state()).as("after %d acks", i).isEqualTo(KeyState.PENDING_ACKS);
      s = applyAll(machine, s, List.of(net.ack(ATTESTORS.get(i), "k-1", 1)));
    }
    KeyRecord key = s.key("k-1").orElseThrow();
    assertThat(key.state()).isEqualTo(KeyState.ENABLED);
    assertThat(key.currentVersion().orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void complaint_marksVersionAndKeyFailed() {
    RegistryState s = applyAll(machine, state, List.of(net.createKey("k-1", "alias-a"), net.ack("attestor-1", "k-1", 1),
        net.complaint("attestor-2", "k-1", 1)));
    KeyRecord key = s.key("k-1").orElseThrow();
    assertThat(key.state()).isEqualTo(KeyState.FAILED);
    assertThat(key.versions().get(1L).status()).isEqualTo(VersionStatus.FAILED);
    assertThat(key.versions().get(1L).complaints()).containsKey("attestor-2");
    assertThat(rejection(machine, s, net.ack("attestor-3", "k-1", 1)).code()).isEqualTo(RejectionCode.VERSION_NOT_PENDING);
  }

  @Test
  void ackFromNonMember_doubleAck_andAckFromNonAttestor_areRefused() {
    RegistryState s = applyAll(machine, state, List.of(
        SignedCommand.sign(net.createKeyCommand("k-1", "alias-a", net.deal(ATTESTORS.subList(0, 3), 2), CREATOR),
            net.key(ORCHESTRATOR)),
        net.ack("attestor-1", "k-1", 1)));
    assertThat(rejection(machine, s, net.ack("attestor-4", "k-1", 1)).code()).isEqualTo(RejectionCode.NOT_A_MEMBER);
    assertThat(rejection(machine, s, net.ack("attestor-1", "k-1", 1)).code()).isEqualTo(RejectionCode.DUPLICATE_RECEIPT);
    assertThat(rejection(machine, s, net.ack("attestor-2", "k-1", 2)).code()).isEqualTo(RejectionCode.UNKNOWN_VERSION);
    SignedCommand adminPosingAsAttestor = SignedCommand.sign(io.keyquorum.registry.command.ShareReceipt.ack(
        net.header(TestNetwork.FOUNDER), "k-1", 1), net.key(TestNetwork.FOUNDER));
    assertThat(rejection(machine, s, adminPosingAsAttestor).code()).isEqualTo(RejectionCode.UNAUTHORIZED);
  }

  @Test
  void duplicateAliasAndKeyId_areRefused() {
    RegistryState s = applyAll(machine, state, List.of(net.createKey("k-1", "alias-a")));
    assertThat(rejection(machine, s, net.createKey("k-2", "alias-a")).code()).isEqualTo(RejectionCode.DUPLICATE_ALIAS);
    assertThat(rejection(machine, s, net.createKey("k-1", "alias-b")).code()).isEqualTo(RejectionCode.DUPLICATE_KEY_ID);
  }

  @Test
  void createKey_notByOrchestrator_isRefused() {
    CreateKey body = net.createKeyCommand("k-1", "alias-a", net.deal(ATTESTORS, 3), CREATOR);
    SignedCommand byAdmin = SignedCommand.sign(new CreateKey(net.header(TestNetwork.FOUNDER), "k-1", "alias-a",
        body.deal(), body.policyDocument(), body.authorization()), net.key(TestNetwork.FOUNDER));
    assertThat(rejection(machine, state, byAdmin).code()).isEqualTo(RejectionCode.UNAUTHORIZED);
  }

  @Test
  void createKey_requestedByClientWithoutRight_isRefused() {
    SignedCommand c = SignedCommand.sign(net.createKeyCommand("k-1", "alias-a", net.deal(ATTESTORS, 3), "app-reader"),
        net.key(ORCHESTRATOR));
    assertThat(rejection(machine, state, c).code()).isEqualTo(RejectionCode.CLIENT_NOT_AUTHORIZED);
  }

  @Test
  void createKey_byDisabledOrUnknownClient_isRefused() {
    RegistryState disabled = applyAll(machine, state, List.of(net.updateClient(net.client(CREATOR, List.of("key-creator"), false))));
    assertThat(rejection(machine, disabled, net.createKey("k-1", "alias-a")).code()).isEqualTo(RejectionCode.CLIENT_NOT_AUTHORIZED);
    SignedCommand unknown = SignedCommand.sign(net.createKeyCommand("k-1", "alias-a", net.deal(ATTESTORS, 3), "outsider"),
        net.key(ORCHESTRATOR));
    assertThat(rejection(machine, state, unknown).code()).isEqualTo(RejectionCode.UNKNOWN_CLIENT);
  }

  @Test
  void createKey_whoseDealDiffersFromTheClientRequest_isRefused() {
    CreateKey asked = net.createKeyCommand("k-1", "alias-a", net.deal(ATTESTORS, 3), CREATOR);
    // The dealer keeps the client's signed request but lowers the threshold to 2 (still >= f+1).
    SignedCommand weakened = SignedCommand.sign(new CreateKey(net.header(ORCHESTRATOR), "k-1", "alias-a",
        net.deal(ATTESTORS, 2), asked.policyDocument(), asked.authorization()), net.key(ORCHESTRATOR));
    assertThat(rejection(machine, state, weakened).code()).isEqualTo(RejectionCode.CLIENT_REQUEST_MISMATCH);
    SignedCommand otherPolicy = SignedCommand.sign(new CreateKey(net.header(ORCHESTRATOR), "k-1", "alias-a",
        asked.deal(), "policy: deny-all\n", asked.authorization()), net.key(ORCHESTRATOR));
    assertThat(rejection(machine, state, otherPolicy).code()).isEqualTo(RejectionCode.CLIENT_REQUEST_MISMATCH);
  }

  @Test
  void createKey_withUnknownAttestor_isRefused() {
    RegistryState withOutsiderClient = state;
    SignedCommand c = SignedCommand.sign(net.createKeyCommand("k-1", "alias-a",
        net.deal(List.of("attestor-1", "attestor-9"), 2), CREATOR), net.key(ORCHESTRATOR));
    assertThat(rejection(machine, withOutsiderClient, c).code()).isEqualTo(RejectionCode.UNKNOWN_ATTESTOR);
  }

  @Test
  void updatePolicy_isVersioned_withOptimisticConcurrency() {
    RegistryState s = applyAll(machine, state, net.enabledKey("k-1", "alias-a"));
    s = applyAll(machine, s, List.of(net.updatePolicy("k-1", 1, "policy: v2\n")));
    PolicyRecord p = s.policy("k-1").orElseThrow();
    assertThat(p.version()).isEqualTo(2);
    assertThat(p.document()).isEqualTo("policy: v2\n");
    assertThat(s.key("k-1").orElseThrow().changedAtHeight()).isEqualTo(s.height());
    assertThat(rejection(machine, s, net.updatePolicy("k-1", 1, "policy: stale\n")).code())
        .isEqualTo(RejectionCode.VERSION_CONFLICT);
    assertThat(rejection(machine, s, net.updatePolicy("k-9", 2, "x")).code()).isEqualTo(RejectionCode.UNKNOWN_KEY);
  }

  @Test
  void rotation_keepsOldVersionUsable_andBecomesCurrentOnlyAfterAllAcks() {
    RegistryState s = applyAll(machine, state, net.enabledKey("k-1", "alias-a"));
    s = applyAll(machine, s, List.of(net.rotate("k-1", 2, ATTESTORS.subList(1, 4), 2)));
    KeyRecord key = s.key("k-1").orElseThrow();
    assertThat(key.latestVersion()).isEqualTo(2);
    assertThat(key.currentVersion().orElseThrow().version()).isEqualTo(1);
    assertThat(key.state()).isEqualTo(KeyState.ENABLED);
    assertThat(rejection(machine, s, net.rotate("k-1", 3, ATTESTORS, 2)).code()).isEqualTo(RejectionCode.ROTATION_PENDING);
    s = applyAll(machine, s, List.of(net.ack("attestor-2", "k-1", 2), net.ack("attestor-3", "k-1", 2),
        net.ack("attestor-4", "k-1", 2)));
    key = s.key("k-1").orElseThrow();
    assertThat(key.currentVersion().orElseThrow().version()).isEqualTo(2);
    assertThat(key.usableVersion(1)).isPresent();
    assertThat(key.usableVersion(2)).isPresent();
  }

  @Test
  void failedRotation_leavesKeyOnOldVersion_andFreesTheSlot() {
    RegistryState s = applyAll(machine, state, net.enabledKey("k-1", "alias-a"));
    s = applyAll(machine, s, List.of(net.rotate("k-1", 2, ATTESTORS, 3), net.complaint("attestor-3", "k-1", 2)));
    KeyRecord key = s.key("k-1").orElseThrow();
    assertThat(key.state()).isEqualTo(KeyState.ENABLED);
    assertThat(key.versions().get(2L).status()).isEqualTo(VersionStatus.FAILED);
    assertThat(key.usableVersion(2)).isEmpty();
    assertThat(key.currentVersion().orElseThrow().version()).isEqualTo(1);
    s = applyAll(machine, s, List.of(net.rotate("k-1", 3, ATTESTORS, 3)));
    assertThat(s.key("k-1").orElseThrow().latestVersion()).isEqualTo(3);
  }

  @Test
  void rotation_withWrongVersionOrOfPendingKey_isRefused() {
    RegistryState s = applyAll(machine, state, net.enabledKey("k-1", "alias-a"));
    assertThat(rejection(machine, s, net.rotate("k-1", 3, ATTESTORS, 2)).code()).isEqualTo(RejectionCode.VERSION_CONFLICT);
    RegistryState pending = applyAll(machine, state, List.of(net.createKey("k-2", "alias-b")));
    assertThat(rejection(machine, pending, net.rotate("k-2", 2, ATTESTORS, 2)).code())
        .isEqualTo(RejectionCode.ILLEGAL_TRANSITION);
  }

  @Test
  void deterministicStateDigest_changesWithState() {
    RegistryState s = applyAll(machine, state, List.of(net.createKey("k-1", "alias-a")));
    assertThat(s.digest()).isNotEqualTo(state.digest());
    assertThat(s.digest()).isEqualTo(s.withHeight(s.height()).digest());
  }
}
