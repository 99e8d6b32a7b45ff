package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.v1.AttestRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Attest: every check in order, signed allows and denials, and refusals naming their cause. */
class AttestTest extends ThreeAttestors {
  @Test
  void clientCertificateFromAnotherCa_isRefusedBeforeAnyServiceCode() throws Exception {
    NetworkCa other = NetworkCa.generate("kq-test", Instant.now(), new SecureRandom());
    NodeCredentials impostor = other.issue(NodeCertificateSpec.forNode(TestNet.ORCHESTRATOR), Instant.now());
    ManagedChannel channel = net.channel(impostor, "attestor-1", nodes.get("attestor-1").port());
    try {
      TestNet.Req req = net.request("payments");
      refused(() -> net.stub(channel).attest(AttestRequest.newBuilder()
          .setSignedRequest(ByteString.copyFrom(req.bytes())).build()), Status.Code.UNAVAILABLE);
      // The same request through a legitimate channel is fresh: the impostor's never reached the node.
      assertThat(verified(attest("attestor-1", req)).allow()).isTrue();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void requestSignedForAnotherNetwork_isRefused() {
    // Network A has the same client id, key and alias (say, a staging network with the same
    // identities); the request's signature verifies here, but it is bound to A's genesis.
    io.keyquorum.crypto.GenesisHash networkA = io.keyquorum.crypto.GenesisHash.ofPayload(new byte[] {'A'});
    TestNet.Req forA = net.requestOn(networkA, "payments", Set.of(Capability.RELEASE), Map.of(), System.currentTimeMillis());
    refused(() -> attest("attestor-1", forA), Status.Code.UNAUTHENTICATED, "WRONG_NETWORK",
        "request is bound to genesis " + networkA);
    // The same request bound to this network is attested.
    assertThat(verified(attest("attestor-1", net.request("payments"))).allow()).isTrue();
  }

  @Test
  void attestation_namesItsNetworkAndTheVersionFactsFromTheReplica() {
    Attestation a = verified(attest("attestor-2", net.request("payments")));
    assertThat(a.network()).isEqualTo(net.genesisHash);
    assertThat(a.facts().membershipEpoch()).isZero();
    assertThat(a.facts().threshold()).isEqualTo(2);
    assertThat(a.facts().shareCount()).isEqualTo(IDS.size());
    assertThat(a.facts().commitmentsMatch(io.keyquorum.protocol.KeyVersionFacts.digestOf(
        k1.commitments().asList().stream().map(c -> c.encode()).toList()))).isTrue();
  }

  @Test
  void replayedNonce_isRefused() {
    TestNet.Req req = net.request("payments");
    attest("attestor-1", req);
    refused(() -> attest("attestor-1", req), Status.Code.FAILED_PRECONDITION, "REPLAY", "nonce already used");
  }

  @Test
  void replayedNonce_isRefusedAfterTheNodeRestarts() throws Exception {
    TestNet.Req req = net.request("payments");
    attest("attestor-3", req);
    nodes.remove("attestor-3").close();
    channels.remove("attestor-3").shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    AttestorNode restarted = net.start("attestor-3", clock, Optional.of(log));
    nodes.put("attestor-3", restarted);
    channels.put("attestor-3", net.channel(net.orchestratorTls, "attestor-3", restarted.port()));
    awaitState("k1", KeyState.ENABLED);

    refused(() -> attest("attestor-3", req), Status.Code.FAILED_PRECONDITION, "REPLAY");
    assertThat(verified(attest("attestor-3", net.request("payments"))).allow()).isTrue();
  }

  @Test
  void staleOrFutureTimestamp_isRefused() {
    long now = System.currentTimeMillis();
    TestNet.Req old = net.request("payments", Set.of(Capability.RELEASE), Map.of(), now - 31_000);
    TestNet.Req future = net.request("payments", Set.of(Capability.RELEASE), Map.of(), now + 31_000);
    refused(() -> attest("attestor-1", old), Status.Code.FAILED_PRECONDITION, "STALE", "clock skew of 30 s");
    refused(() -> attest("attestor-1", future), Status.Code.FAILED_PRECONDITION, "STALE");
  }

  @Test
  void unattributableOrMalformedRequests_areRefusedWithTheirCause() {
    TestNet.Req req = net.request("payments");
    byte[] tampered = req.bytes();
    tampered[tampered.length - 1] ^= 1; // inside the signature
    refused(() -> net.stub(channels.get("attestor-1")).attest(AttestRequest.newBuilder()
        .setSignedRequest(ByteString.copyFrom(tampered)).build()), Status.Code.UNAUTHENTICATED, "BAD_SIGNATURE");
    refused(() -> net.stub(channels.get("attestor-1")).attest(AttestRequest.newBuilder()
        .setSignedRequest(ByteString.copyFromUtf8("not a request")).build()), Status.Code.INVALID_ARGUMENT, "MALFORMED");
    refused(() -> net.stub(channels.get("attestor-1")).attest(AttestRequest.newBuilder()
        .setSignedRequest(ByteString.copyFrom(new byte[2 * AttestorNode.MAX_INBOUND_BYTES])).build()),
        Status.Code.RESOURCE_EXHAUSTED);
    refused(() -> attest("attestor-1", net.request("no-such-key")), Status.Code.NOT_FOUND, "UNKNOWN_KEY");
  }

  @Test
  void requestsBreakingLimits_areRefusedAsMalformed_namingTheField() {
    String longKey = "k".repeat(200);
    refused(() -> rawAttest(longKey, Map.of()), Status.Code.INVALID_ARGUMENT, "MALFORMED", "keyId");
    Map<String, String> wide = new java.util.TreeMap<>();
    for (int i = 0; i < 65; i++) {
      wide.put("c" + i, "v");
    }
    refused(() -> rawAttest("payments", wide), Status.Code.INVALID_ARGUMENT, "MALFORMED", "context");
  }

  /** Signs a hand-encoded request body that KeyRequest's own constructor would never build. */
  private void rawAttest(String keyRef, Map<String, String> context) {
    byte[] nonce = new byte[24];
    new SecureRandom().nextBytes(nonce);
    byte[] body = new io.keyquorum.crypto.encoding.CanonicalWriter().fixed(net.genesisHash.bytes(), 32)
        .string(TestNet.CLIENT).string(keyRef).u32(0)
        .strings(List.of("release")).stringMap(context)
        .fixed(io.keyquorum.crypto.hpke.HpkePrivateKey.generate(new SecureRandom()).publicKey().raw(), 32)
        .bytes(nonce).u64(System.currentTimeMillis()).string("client").toByteArray();
    SignedEnvelope envelope = SignedEnvelope.sign(io.keyquorum.protocol.SignedKeyRequest.TAG, body, net.client);
    byte[] wire = new io.keyquorum.crypto.encoding.CanonicalWriter().string(TestNet.CLIENT).bytes(envelope.encode())
        .toByteArray();
    net.stub(channels.get("attestor-1")).attest(AttestRequest.newBuilder().setSignedRequest(ByteString.copyFrom(wire))
        .build());
  }

  @Test
  void concurrentAttests_areAllAnsweredAndSigned() throws Exception {
    int threads = 8;
    int each = 25;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          int allowed = 0;
          for (int i = 0; i < each; i++) {
            allowed += verified(attest("attestor-1", net.request("payments"))).allow() ? 1 : 0;
          }
          return allowed;
        }));
      }
      int total = 0;
      for (var r : results) {
        total += r.get(60, TimeUnit.SECONDS);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(total).isEqualTo(threads * each);
      System.out.printf("attestor: %d concurrent attests over mTLS in %d ms (%.0f/s)%n", total, millis,
          total * 1000.0 / Math.max(1, millis));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void policyDenial_isASignedAttestationNamingTheRule() {
    TestNet.Req hr = net.request("finance", Set.of(Capability.DECRYPT), Map.of("dept", "hr"), System.currentTimeMillis());
    Attestation denied = verified(attest("attestor-2", hr));
    assertThat(denied.allow()).isFalse();
    assertThat(denied.decidingRule()).isEqualTo("key-policy/finance-only/default-deny");
    assertThat(denied.explanation()).contains("rule 0 allow: not-matched");

    TestNet.Req finance = net.request("finance", Set.of(Capability.DECRYPT), Map.of("dept", "finance"),
        System.currentTimeMillis());
    assertThat(verified(attest("attestor-2", finance)).allow()).isTrue();
  }

  @Test
  void disabledKey_isASignedKeyStateDenial_andItsShareIsNotReleased() {
    TestNet.Req req = net.request("off");
    List<SignedAttestation> all = new ArrayList<>();
    for (String id : IDS) {
      SignedAttestation a = attest(id, req);
      Attestation body = verified(a);
      assertThat(body.allow()).isFalse();
      assertThat(body.decidingRule()).isEqualTo("key-state");
      assertThat(body.explanation()).contains("key k-off is DISABLED");
      all.add(a);
    }
    refused(() -> release("attestor-1", req, Optional.of(new QuorumCertificate(all))),
        Status.Code.FAILED_PRECONDITION, "KEY_UNUSABLE", "DISABLED");
  }

  @Test
  void unknownOrDisabledClient_isRefused() {
    io.keyquorum.crypto.Ed25519PrivateKey stranger = io.keyquorum.crypto.Ed25519PrivateKey.generate(new SecureRandom());
    refused(() -> attest("attestor-1", net.requestAs("app-unknown", stranger, "payments")),
        Status.Code.UNAUTHENTICATED, "UNKNOWN_CLIENT", "app-unknown is not registered");
    log.submit(net.registerClient("app-off", stranger, false).encode()).join();
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.get("attestor-1").registryState().client("app-off").isPresent());
    refused(() -> attest("attestor-1", net.requestAs("app-off", stranger, "payments")),
        Status.Code.PERMISSION_DENIED, "CLIENT_DISABLED");
  }

}
