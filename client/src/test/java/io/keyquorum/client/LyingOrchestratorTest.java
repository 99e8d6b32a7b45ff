package io.keyquorum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.RequestDigest;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.tls.NodeServer;
import io.keyquorum.rpc.tls.ServerOptions;
import io.keyquorum.rpc.v1.AttestorSummary;
import io.keyquorum.rpc.v1.GetNetworkRequest;
import io.keyquorum.rpc.v1.KeyOperation;
import io.keyquorum.rpc.v1.KeyOperationResult;
import io.keyquorum.rpc.v1.KeyQuorumGrpc;
import io.keyquorum.rpc.v1.NetworkInfo;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK refuses a result whose attestations are not evidence for its own request. */
class LyingOrchestratorTest {
  private final SecureRandom random = new SecureRandom();
  private final Ed25519PrivateKey attestor = Ed25519PrivateKey.generate(random);

  /** Answers every release with a genuine attestation, but for some other request. */
  private final class Liar extends KeyQuorumGrpc.KeyQuorumImplBase {
    @Override
    public void getNetwork(GetNetworkRequest request, StreamObserver<NetworkInfo> response) {
      response.onNext(NetworkInfo.newBuilder().setNetworkId("net")
          .setDeliveryKey(ByteString.copyFrom(HpkePrivateKey.generate(random).publicKey().raw()))
          .addAttestors(AttestorSummary.newBuilder().setAttestorId("a1")
              .setSigningKey(ByteString.copyFrom(attestor.publicKey().raw())))
          .build());
      response.onCompleted();
    }

    @Override
    public void releaseKey(KeyOperation request, StreamObserver<KeyOperationResult> response) {
      long now = System.currentTimeMillis();
      byte[] other = new byte[32];
      random.nextBytes(other);
      SignedAttestation stale = SignedAttestation.sign(new Attestation("a1", "key-1", 1, 5, RequestDigest.of(other), true,
          "r", "", now, now + 60_000), attestor);
      response.onNext(KeyOperationResult.newBuilder().setKeyId("key-1").setKeyVersion(1)
          .addAttestations(ByteString.copyFrom(stale.encode())).build());
      response.onCompleted();
    }
  }

  @Test
  void attestationsForAnotherRequest_areRefused() throws Exception {
    NetworkCa ca = NetworkCa.generate("net", Instant.now(), random);
    try (NodeServer server = NodeServer.start(ca.issue(NodeCertificateSpec.forNode("orchestrator-1"), Instant.now()),
        ca.certificate(), ServerOptions.serverOnly(new InetSocketAddress("127.0.0.1", 0)), List.of(new Liar()));
        KeyQuorumClient client = KeyQuorumClient.connect("127.0.0.1", server.port(), ca.certificate(), "orchestrator-1", "app",
            Ed25519PrivateKey.generate(random))) {
      assertThatThrownBy(() -> client.releaseKey("key-1", Map.of(), DeliveryMode.ORCHESTRATOR))
          .isInstanceOfSatisfying(KeyQuorumException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("does not approve this request");
          });
    }
  }
}
