package io.keyquorum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.v1.KeyOperation;
import io.keyquorum.rpc.v1.KeyOperationResult;
import io.keyquorum.rpc.v1.KeyQuorumGrpc;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Requests the attestors refuse outright (no signature spent), as the client sees them through the orchestrator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttestorRefusalTest {
  private E2eCluster cluster;
  private ManagedChannel channel;
  private final SecureRandom random = new SecureRandom();

  @BeforeAll
  void startNetwork(@TempDir Path root) throws Exception {
    cluster = E2eCluster.start(root);
    channel = NodeChannels.serverAuthenticated(cluster.caCertificate(), "127.0.0.1", cluster.orchestrator().port(),
        ChannelOptions.defaults());
  }

  @AfterAll
  void stopNetwork() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void replayedRequest_isReportedAsRefusedByEachAttestor_notAsUnreachable() {
    KeyInfo key = cluster.app().createKey("replay", cluster.attestorIds(), E2eCluster.T, RequestFlowTest.ALLOW_ALL,
        Optional.empty());
    KeyOperation op = operation(key.keyId());
    KeyQuorumGrpc.KeyQuorumBlockingStub stub = KeyQuorumGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS);
    KeyOperationResult first = stub.generateDataKey(op);
    assertThat(first.getAttestationsCount()).isGreaterThanOrEqualTo(E2eCluster.T);

    StatusRuntimeException replayed = catchThrowableOfType(StatusRuntimeException.class,
        () -> stub.generateDataKey(op));
    assertThat(replayed).as("the same signed request sent twice must be refused").isNotNull();
    String description = replayed.getStatus().getDescription();
    assertThat(description).startsWith("insufficient attestations: 0 of 3 needed; ");
    // Each attestor read the request and refused it as a replay; none of them is unreachable.
    // (The round ends once t is impossible, so some may still be pending.)
    List<String> parts = List.of(description.substring(description.indexOf("; ") + 2).split(", (?=attestor-)"));
    assertThat(parts).hasSize(E2eCluster.N).noneMatch(p -> p.contains("unreachable"));
    assertThat(parts.stream().filter(p -> p.contains(" refused (FAILED_PRECONDITION: REPLAY: ")))
        .hasSizeGreaterThanOrEqualTo(E2eCluster.N - E2eCluster.T + 1);
    assertThat(parts).allMatch(p -> p.contains(" refused (") || p.contains(" pending ("));
  }

  private KeyOperation operation(String keyId) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    try (HpkePrivateKey recipient = HpkePrivateKey.generate(random)) {
      SignedKeyRequest request = SignedKeyRequest.sign(new KeyRequest(cluster.genesisHash(), E2eCluster.APP, keyId, 0,
          Set.of(Capability.GENERATE_DATA_KEY), Map.of(), recipient.publicKey(), nonce, System.currentTimeMillis(),
          DeliveryMode.CLIENT), cluster.appKey());
      return KeyOperation.newBuilder().setSignedRequest(ByteString.copyFrom(request.encode())).build();
    }
  }
}
