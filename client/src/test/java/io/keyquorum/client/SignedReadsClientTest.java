package io.keyquorum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.orchestrator.flow.FlowSettings;
import io.keyquorum.orchestrator.testing.TestCluster;
import io.keyquorum.protocol.delivery.ErrorKind;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK signs DescribeKey, ListKeys and GetStatus; the orchestrator answers registered clients only. */
class SignedReadsClientTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void registeredClientReads_andUnregisteredClientIsRefused() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 0, FlowSettings.defaults())) {
      Ed25519PrivateKey key = cluster.registerClient("reader", List.of("app"), Map.of());
      try (KeyQuorumClient reader = KeyQuorumClient.connect("127.0.0.1", cluster.orchestratorPort(),
              cluster.caCertificate(), TestCluster.ORCHESTRATOR, cluster.genesisHash(), "reader", key);
          KeyQuorumClient stranger = KeyQuorumClient.connect("127.0.0.1", cluster.orchestratorPort(),
              cluster.caCertificate(), TestCluster.ORCHESTRATOR, cluster.genesisHash(), "stranger", Ed25519PrivateKey.generate(random))) {
        assertThat(reader.listKeys()).isEmpty();
        assertThat(reader.status().getAttestorsCount()).isEqualTo(3);
        assertThat(reader.status().getAttestorsCount()).isEqualTo(3); // a second signed read: fresh nonce
        assertThatThrownBy(stranger::listKeys).isInstanceOfSatisfying(KeyQuorumException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED));
        assertThatThrownBy(stranger::status).isInstanceOfSatisfying(KeyQuorumException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED));
        assertThatThrownBy(() -> stranger.describeKey("any")).isInstanceOfSatisfying(KeyQuorumException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED));
      }
    }
  }
}
