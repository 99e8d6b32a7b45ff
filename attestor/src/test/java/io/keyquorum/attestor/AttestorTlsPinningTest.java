package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.v1.AttestRequest;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A caller's certificate must be the one genesis pins for the member it names: a certificate the
 * network CA signed for that name (stolen-and-replaced, reissued) does not reach the service.
 */
class AttestorTlsPinningTest extends ThreeAttestors {
  @Test
  void callerWithAnUnpinnedCertificateNamingTheOrchestrator_isRefused() throws Exception {
    NodeCredentials lookAlike = net.ca.issue(NodeCertificateSpec.forNode(TestNet.ORCHESTRATOR), Instant.now());
    ManagedChannel channel = net.channel(lookAlike, "attestor-1", nodes.get("attestor-1").port());
    try {
      TestNet.Req req = net.request("payments");
      refused(() -> net.stub(channel).attest(AttestRequest.newBuilder()
          .setSignedRequest(ByteString.copyFrom(req.bytes())).build()), Status.Code.UNAVAILABLE);
      // The request never reached the node: through the pinned orchestrator certificate it is fresh.
      assertThat(verified(attest("attestor-1", req)).allow()).isTrue();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void callerPresentingAnotherMembersUnpinnedCertificate_isRefused() throws Exception {
    NodeCredentials lookAlike = net.ca.issue(NodeCertificateSpec.forNode("attestor-2"), Instant.now());
    ManagedChannel channel = net.channel(lookAlike, "attestor-1", nodes.get("attestor-1").port());
    try {
      refused(() -> net.stub(channel).attest(AttestRequest.newBuilder()
          .setSignedRequest(ByteString.copyFrom(net.request("payments").bytes())).build()), Status.Code.UNAVAILABLE);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
