package io.keyquorum.orchestrator.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.orchestrator.flow.FlowSettings;
import io.keyquorum.orchestrator.flow.OrchestratorException;
import io.keyquorum.orchestrator.testing.TestClient;
import io.keyquorum.orchestrator.testing.TestCluster;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.SetKeyState;
import io.keyquorum.registry.command.SignedCommand;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dealing and admin relaying against the test cluster: what is refused, and how it is named. */
class DealAndRelayTest {
  private static TestCluster cluster;
  private static TestClient creator;
  private static TestClient reader;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster(4, 1, FlowSettings.defaults());
    creator = new TestClient("creator", cluster.registerClient("creator", List.of("key-creator"), Map.of()), cluster.genesisHash());
    reader = new TestClient("reader", cluster.registerClient("reader", List.of("reader"), Map.of()), cluster.genesisHash());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private AdminRelay relay() {
    return cluster.orchestrator().relay();
  }

  private byte[] setState(String keyId, KeyState target, long deletionDate, long issuedAt) {
    return SignedCommand.sign(new SetKeyState(cluster.adminHeader(), keyId, target, deletionDate, issuedAt),
        cluster.adminKey()).encode();
  }

  @Test
  void complaint_failsTheDeal_namingTheComplainer() {
    cluster.attestor(2).complaining(true);
    try {
      assertThatThrownBy(() -> creator.createKey(cluster.orchestrator(), "complained", cluster.attestorIds(), 3,
          Optional.empty()))
          .isInstanceOfSatisfying(OrchestratorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.REJECTED);
            assertThat(e.getMessage()).contains("failed").contains("attestor-2 complained (test attestor told to complain)");
          });
    } finally {
      cluster.attestor(2).complaining(false);
    }
  }

  @Test
  void clientWithoutKeyCreatorRole_cannotDeal() {
    assertThatThrownBy(() -> reader.createKey(cluster.orchestrator(), "reader-key", cluster.attestorIds(), 3,
        Optional.empty()))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
          assertThat(e.getMessage()).contains("reader");
        });
  }

  @Test
  void relay_refusesACommandThatIsNotTheNamedOperation() {
    KeyRecord key = creator.createKey(cluster.orchestrator(), "ops", cluster.attestorIds(), 3, Optional.empty());
    byte[] disable = setState(key.keyId(), KeyState.DISABLED, 0, System.currentTimeMillis());
    assertThatThrownBy(() -> relay().relay(AdminOperation.ENABLE_KEY, disable))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
    assertThatThrownBy(() -> relay().relay(AdminOperation.REGISTER_CLIENT, disable))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> assertThat(e.getMessage()).contains("SET_KEY_STATE"));
    assertThat(cluster.registry().state().key(key.keyId()).orElseThrow().state()).isEqualTo(KeyState.ENABLED);
  }

  @Test
  void relay_refusesAPostDatedOrStaleStateChange() {
    KeyRecord key = creator.createKey(cluster.orchestrator(), "skew", cluster.attestorIds(), 3, Optional.empty());
    long future = System.currentTimeMillis() + Duration.ofDays(40).toMillis();
    byte[] postDated = setState(key.keyId(), KeyState.PENDING_DELETION, future + Duration.ofDays(7).toMillis(), future);
    assertThatThrownBy(() -> relay().relay(AdminOperation.SCHEDULE_KEY_DELETION, postDated))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> assertThat(e.getMessage()).contains("clock"));
  }

  @Test
  void relay_refusesCommandsNotSignedByAnAdmin() {
    KeyRecord key = creator.createKey(cluster.orchestrator(), "forged", cluster.attestorIds(), 3, Optional.empty());
    Ed25519PrivateKey impostor = Ed25519PrivateKey.generate(new SecureRandom());
    byte[] forged = SignedCommand.sign(new SetKeyState(new CommandHeader(TestCluster.NETWORK, cluster.genesisHash(), TestCluster.ADMIN, 1_000_000),
        key.keyId(), KeyState.DISABLED, 0, System.currentTimeMillis()), impostor).encode();
    assertThatThrownBy(() -> relay().relay(AdminOperation.DISABLE_KEY, forged))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED));
  }

  @Test
  void relay_mapsRegistryRejectionsToTypedErrors() {
    assertThatThrownBy(() -> relay().relay(AdminOperation.DISABLE_KEY,
        setState("key-missing", KeyState.DISABLED, 0, System.currentTimeMillis())))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
  }
}
