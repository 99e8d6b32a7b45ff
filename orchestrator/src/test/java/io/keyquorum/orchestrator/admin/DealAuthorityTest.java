package io.keyquorum.orchestrator.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.orchestrator.flow.FlowSettings;
import io.keyquorum.orchestrator.flow.OrchestratorException;
import io.keyquorum.orchestrator.testing.TestClient;
import io.keyquorum.orchestrator.testing.TestCluster;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.KeyRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator's courtesy checks on deals (issue 13, item 3), on five attestors (f = 1). The
 * replicated state machine refuses the same deals (registry KeyAuthorityTest); this is about the
 * caller learning why, before anything is dealt.
 */
class DealAuthorityTest {
  private static TestCluster cluster;
  private static TestClient creator;
  private static TestClient otherCreator;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster(5, 1, FlowSettings.defaults());
    creator = new TestClient("creator", cluster.registerClient("creator", List.of("key-creator"), Map.of()),
        cluster.genesisHash());
    otherCreator = new TestClient("other", cluster.registerClient("other", List.of("key-creator"), Map.of()),
        cluster.genesisHash());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void thresholdBelowFPlusOne_isRefusedWithTheReason() {
    assertThatThrownBy(() -> creator.createKey(cluster.orchestrator(), "weak", cluster.attestorIds(), 1, Optional.empty()))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
          assertThat(e.getMessage()).contains("below f+1 = 2");
        });
    assertThat(cluster.registry().state().keyByAlias("weak")).isEmpty();
  }

  @Test
  void rotateByNonCreator_isRefused() {
    KeyRecord key = creator.createKey(cluster.orchestrator(), "mine", cluster.attestorIds(), 3, Optional.empty());
    assertThatThrownBy(() -> otherCreator.rotateKey(cluster.orchestrator(), key, Optional.empty()))
        .isInstanceOfSatisfying(OrchestratorException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
          assertThat(e.getMessage()).contains("did not create key");
        });
    assertThat(cluster.registry().state().key(key.keyId()).orElseThrow().latestVersion()).isEqualTo(1);
    assertThat(creator.rotateKey(cluster.orchestrator(), key, Optional.empty()).latestVersion()).isEqualTo(2);
  }
}
