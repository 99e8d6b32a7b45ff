package io.keyquorum.e2e.byzantine;

import static io.keyquorum.e2e.byzantine.ByzantineNetwork.FINANCE;
import static io.keyquorum.e2e.byzantine.ByzantineNetwork.HR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyResult;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.e2e.E2eCluster;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.ShareRelease;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.AttestorGrpc;
import io.keyquorum.rpc.v1.ReleaseRequest;
import io.keyquorum.rpc.v1.ReleaseResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Byzantine attestor talking to honest attestors directly, over mutual TLS with a network-CA
 * certificate in its own name, bypassing the orchestrator: quorum certificates built for another
 * request, mixed from two requests, or padded with forged allows are refused by every honest
 * attestor, naming the offending member, and counted in {@code kq_quorum_refusals_total}; a valid
 * certificate is honoured once; oversized requests are cut off without hurting honest traffic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ByzantineCertificatesTest {
  private static final List<String> HONEST = List.of("attestor-1", "attestor-2", "attestor-3");

  private final SecureRandom random = new SecureRandom();
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
  private ByzantineNetwork net;
  private KeyInfo open;
  private KeyInfo noHr;

  @BeforeAll
  void startNetwork(@TempDir Path root) throws Exception {
    net = ByzantineNetwork.start(root);
    open = net.newKey("cert-open", ByzantineNetwork.ALLOW_ALL);
    noHr = net.newKey("cert-no-hr", ByzantineNetwork.NO_HR);
    // The Byzantine node's TLS identity: attestor-5's own certificate, the one genesis pins.
    var credentials = net.cluster.memberCredentials("attestor-5");
    for (String id : net.ids()) {
      channels.put(id, NodeChannels.mutual(credentials, net.cluster.caCertificate(), id,
          "127.0.0.1", net.cluster.endpointPort(id), ChannelOptions.defaults()));
    }
  }

  @AfterEach
  void honestAgain() {
    net.reset();
  }

  @AfterAll
  void stopNetwork() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    if (net != null) {
      net.close();
    }
  }

  private AttestorGrpc.AttestorBlockingStub stub(String id) {
    return AttestorGrpc.newBlockingStub(channels.get(id)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private SignedKeyRequest request(KeyInfo key, Map<String, String> context) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    try (HpkePrivateKey recipient = HpkePrivateKey.generate(random)) {
      return SignedKeyRequest.sign(new KeyRequest(net.cluster.genesisHash(), E2eCluster.APP, key.keyId(), 0, Set.of(Capability.RELEASE), context,
          recipient.publicKey(), nonce, System.currentTimeMillis(), DeliveryMode.CLIENT), net.cluster.appKey());
    }
  }

  private SignedAttestation attest(String id, SignedKeyRequest request) {
    return SignedAttestation.decode(stub(id).attest(AttestRequest.newBuilder()
        .setSignedRequest(ByteString.copyFrom(request.encode())).build()).getSignedAttestation().toByteArray());
  }

  private ReleaseResponse release(String id, SignedKeyRequest request, List<SignedAttestation> members) {
    return stub(id).release(ReleaseRequest.newBuilder().setSignedRequest(ByteString.copyFrom(request.encode()))
        .setQuorumCertificate(ByteString.copyFrom(new QuorumCertificate(members).encode())).build());
  }

  private Status refused(String id, SignedKeyRequest request, List<SignedAttestation> members) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> release(id, request, members));
    assertThat(e).as("%s must refuse this certificate", id).isNotNull();
    return e.getStatus();
  }

  /** {@code kq_quorum_refusals_total{fault=...}} as the node's metrics show it. */
  private double quorumRefusals(String id, String fault) {
    String prefix = "kq_quorum_refusals_total{fault=\"" + fault + "\"";
    return net.cluster.node(id).scrapeMetrics().lines().filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  void certificateForAnotherRequest_isRefusedByEveryHonestAttestor_andAValidOneIsHonouredOnce() {
    SignedKeyRequest a = request(open, FINANCE);
    SignedKeyRequest b = request(open, FINANCE);
    List<SignedAttestation> qcForA = new ArrayList<>();
    for (String id : HONEST) {
      qcForA.add(attest(id, a));
      attest(id, b);
    }
    for (String id : HONEST) {
      double before = quorumRefusals(id, "wrong-request");
      Status status = refused(id, b, qcForA);
      assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(status.getDescription()).startsWith("QUORUM_REFUSED: quorum certificate refused: attestation from")
          .contains("is for another request");
      assertThat(quorumRefusals(id, "wrong-request")).isEqualTo(before + 1);
    }

    // The certificate is genuine for request A: honoured once, for A only, then a replay is refused.
    ReleaseResponse released = release("attestor-1", a, qcForA);
    ShareRelease share = ShareRelease.decode(SignedEnvelope.of(released.getReleasePayload().toByteArray(),
        released.getReleaseSignature().toByteArray()).open(ShareRelease.TAG,
        net.cluster.attestorKeys().get("attestor-1")));
    assertThat(share.requestDigest()).isEqualTo(a.digest());
    Status replayed = refused("attestor-1", a, qcForA);
    assertThat(replayed.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(replayed.getDescription()).startsWith("ALREADY_RELEASED: attestor attestor-1 already released");
  }

  @Test
  void certificateMixingTwoRequests_isRefused_namingTheForeignMember() {
    SignedKeyRequest a = request(open, FINANCE);
    SignedKeyRequest b = request(open, FINANCE);
    List<SignedAttestation> mixed = List.of(attest("attestor-1", b), attest("attestor-2", a), attest("attestor-3", a));
    Status status = refused("attestor-1", b, mixed);
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription())
        .startsWith("QUORUM_REFUSED: quorum certificate refused: attestation from attestor-2 is for another request");
  }

  @Test
  void forgedAllowsBesideHonestDenials_getNoShareFromAnyHonestAttestor() {
    SignedKeyRequest hr = request(noHr, HR);
    Map<String, SignedAttestation> denials = new LinkedHashMap<>();
    HONEST.forEach(id -> denials.put(id, attest(id, hr)));
    assertThat(denials.values()).allSatisfy(d ->
        assertThat(d.verify(net.cluster.attestorKeys().get(d.claimedAttestorId())).allow()).isFalse());
    net.turn(Misbehaviour.ALLOW_DESPITE_DENY, "attestor-4", "attestor-5");
    SignedAttestation forged4 = attest("attestor-4", hr);
    SignedAttestation forged5 = attest("attestor-5", hr);
    assertThat(forged5.verify(net.cluster.attestorKeys().get("attestor-5")).allow())
        .as("the forged allow carries attestor-5's genuine signature").isTrue();

    for (String id : HONEST) {
      double before = quorumRefusals(id, "denies");
      // Two forged allows and this attestor's own denial: t = 3 members, but not t allows.
      Status withOwn = refused(id, hr, List.of(forged4, forged5, denials.get(id)));
      assertThat(withOwn.getDescription()).isEqualTo("QUORUM_REFUSED: quorum certificate refused: attestation from "
          + id + " denies the request (key-policy/no-hr#1)");
      assertThat(quorumRefusals(id, "denies")).isEqualTo(before + 1);
      // One forged allow with two honest denials.
      String other = HONEST.stream().filter(o -> !o.equals(id)).findFirst().orElseThrow();
      assertThat(refused(id, hr, List.of(forged5, denials.get(other), denials.get(id))).getDescription())
          .contains("denies the request");
    }
    // Without the honest attestor's own judgement, it refuses before looking further.
    Status lacksOwn = refused("attestor-1", hr, List.of(forged4, forged5, denials.get("attestor-2")));
    assertThat(lacksOwn.getDescription()).isEqualTo(
        "QUORUM_REFUSED: quorum certificate refused: it lacks this attestor's (attestor-1) own attestation");
  }

  @Test
  void oversizedRequests_areCutOffAtTheSizeLimit_whileHonestRequestsKeepSucceeding() {
    ByteString huge = ByteString.copyFrom(new byte[2 * 1024 * 1024]);
    List<CompletableFuture<Status>> flood = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      CompletableFuture<Status> outcome = new CompletableFuture<>();
      AttestorGrpc.newStub(channels.get(HONEST.get(i % HONEST.size()))).withDeadlineAfter(30, TimeUnit.SECONDS)
          .release(ReleaseRequest.newBuilder().setSignedRequest(huge).setQuorumCertificate(huge).build(),
              new StreamObserver<>() {
                @Override
                public void onNext(ReleaseResponse value) {
                  outcome.complete(Status.OK);
                }

                @Override
                public void onError(Throwable t) {
                  outcome.complete(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                  outcome.complete(Status.OK);
                }
              });
      flood.add(outcome);
    }
    // Honest traffic through the orchestrator, to the same attestors, while the flood is in flight.
    for (DeliveryMode mode : DeliveryMode.values()) {
      try (KeyResult ok = net.cluster.app().generateDataKey(open.keyId(), FINANCE, mode)) {
        assertThat(ok.secretOrThrow().length()).isEqualTo(32);
        assertThat(ok.excluded()).isEmpty();
      }
    }
    assertThat(flood).allSatisfy(f -> {
      Status s = f.get(30, TimeUnit.SECONDS);
      assertThat(s.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(s.getDescription()).contains("exceeds maximum size");
    });
  }
}
