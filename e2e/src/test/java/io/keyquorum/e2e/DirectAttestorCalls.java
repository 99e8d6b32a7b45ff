package io.keyquorum.e2e;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.AttestorGrpc;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Asks one attestor directly, bypassing the orchestrator, as an auditor holding a network-CA
 * certificate could: used where the orchestrator would refuse early (a disabled key), to show that
 * every attestor refuses on its own judgement too.
 */
final class DirectAttestorCalls {
  private final E2eCluster cluster;
  private final NodeCredentials credentials;
  private final SecureRandom random = new SecureRandom();

  DirectAttestorCalls(E2eCluster cluster) {
    this.cluster = cluster;
    this.credentials = cluster.issueCredentials("e2e-probe");
  }

  /** A fresh request signed by the app client, sent to attestor {@code id}'s Attest. */
  SignedAttestation attest(String id, String keyRef, Capability capability, Map<String, String> context) {
    return attestAs(id, E2eCluster.APP, cluster.appKey(), keyRef, capability, context, DeliveryMode.CLIENT);
  }

  /** A fresh request signed by {@code clientKey} for {@code clientId}, sent to attestor {@code id}'s Attest. */
  SignedAttestation attestAs(String id, String clientId, Ed25519PrivateKey clientKey, String keyRef,
      Capability capability, Map<String, String> context, DeliveryMode delivery) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    SignedKeyRequest request;
    try (HpkePrivateKey recipient = HpkePrivateKey.generate(random)) {
      request = SignedKeyRequest.sign(new KeyRequest(cluster.genesisHash(), clientId, keyRef, 0, Set.of(capability),
          context, recipient.publicKey(), nonce, System.currentTimeMillis(), delivery), clientKey);
    }
    ManagedChannel channel = NodeChannels.mutual(credentials, cluster.caCertificate(), id, "127.0.0.1",
        cluster.endpointPort(id), ChannelOptions.defaults());
    try {
      byte[] wire = AttestorGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
          .attest(AttestRequest.newBuilder().setSignedRequest(ByteString.copyFrom(request.encode())).build())
          .getSignedAttestation().toByteArray();
      return SignedAttestation.decode(wire);
    } finally {
      channel.shutdownNow();
    }
  }
}
