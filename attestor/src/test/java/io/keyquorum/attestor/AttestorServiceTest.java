package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.shamir.Reconstruction;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.crypto.shamir.Shamir;
import io.keyquorum.crypto.wrap.KeyWrap;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.ShareRelease;
import io.keyquorum.protocol.ShareSealing;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.log.SingleReplicaLog;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.ReleaseRequest;
import io.keyquorum.rpc.v1.ReleaseResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three in-process attestors sharing one single-replica registry log, driven over real gRPC and
 * mutual TLS on loopback, with the test playing the orchestrator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttestorServiceTest {
  private static final List<String> IDS = List.of("attestor-1", "attestor-2", "attestor-3");
  private static final String FINANCE_ONLY = "policy: finance-only\nrules:\n  - effect: allow\n"
      + "    when: request.context[\"dept\"] == \"finance\"\n";

  private TestNet net;
  private SingleReplicaLog log;
  private final MutableClock clock = new MutableClock();
  private final Map<String, AttestorNode> nodes = new LinkedHashMap<>();
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
  private TestNet.Deal k1;

  @BeforeAll
  void startNetwork(@TempDir Path root) throws Exception {
    net = new TestNet(root, IDS);
    log = SingleReplicaLog.open(root.resolve("registry.db"));
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String id : IDS) {
      AttestorNode node = net.start(id, clock, Optional.of(log));
      nodes.put(id, node);
      ports.put(id, node.port());
      channels.put(id, net.channel(net.orchestratorTls, id, node.port()));
    }
    log.submit(net.genesis(ports).encode()).join();
    log.submit(net.registerClient(true).encode()).join();
    k1 = net.createKey("k1", "payments", IDS, 2, TestNet.ALLOW_ALL);
    log.submit(k1.command().encode()).join();
    log.submit(net.createKey("k-finance", "finance", IDS, 2, FINANCE_ONLY).command().encode()).join();
    log.submit(net.createKey("k-off", "off", IDS, 2, TestNet.ALLOW_ALL).command().encode()).join();
    awaitState("k1", KeyState.ENABLED);
    awaitState("k-finance", KeyState.ENABLED);
    awaitState("k-off", KeyState.ENABLED);
    log.submit(net.setState("k-off", KeyState.DISABLED).encode()).join();
    awaitState("k-off", KeyState.DISABLED);
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @AfterAll
  void stopNetwork() throws Exception {
    for (ManagedChannel c : channels.values()) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    nodes.values().forEach(AttestorNode::close);
    log.close();
  }

  private void awaitState(String keyId, KeyState state) {
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.values().stream().allMatch(
        n -> n.registryState().key(keyId).map(k -> k.state() == state).orElse(false)));
  }

  private SignedAttestation attest(String id, TestNet.Req req) {
    byte[] wire = net.stub(channels.get(id)).attest(AttestRequest.newBuilder()
        .setSignedRequest(ByteString.copyFrom(req.bytes())).build()).getSignedAttestation().toByteArray();
    return SignedAttestation.decode(wire);
  }

  private Attestation verified(SignedAttestation a) {
    return a.verify(net.identities.get(a.claimedAttestorId()).signingKey().publicKey());
  }

  private ReleaseResponse release(String id, TestNet.Req req, Optional<QuorumCertificate> qc) {
    ReleaseRequest.Builder b = ReleaseRequest.newBuilder().setSignedRequest(ByteString.copyFrom(req.bytes()));
    qc.ifPresent(q -> b.setQuorumCertificate(ByteString.copyFrom(q.encode())));
    return net.stub(channels.get(id)).release(b.build());
  }

  private static StatusRuntimeException refused(ThrowingCallable call, Status.Code code, String... fragments) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("call should be refused").isNotNull();
    assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
    for (String f : fragments) {
      assertThat(e.getStatus().getDescription()).contains(f);
    }
    return e;
  }

  @Test
  void happyPath_quorumReleasesSharesThatRebuildTheKey() {
    TestNet.Req req = net.request("payments");
    List<SignedAttestation> all = new ArrayList<>();
    for (String id : IDS) {
      SignedAttestation a = attest(id, req);
      Attestation body = verified(a);
      assertThat(body.allow()).isTrue();
      assertThat(body.keyId()).isEqualTo("k1");
      assertThat(body.keyVersion()).isEqualTo(1);
      assertThat(body.requestDigest()).isEqualTo(req.signed().digest());
      assertThat(body.decidingRule()).startsWith("key-policy/allow-all#0");
      assertThat(body.expiresAtMillis() - body.issuedAtMillis()).isEqualTo(60_000);
      assertThat(body.registryHeight()).isEqualTo(nodes.get(id).registryState().height());
      all.add(a);
    }
    QuorumCertificate qc = new QuorumCertificate(all);
    List<Share> shares = new ArrayList<>();
    for (String id : IDS) {
      ReleaseResponse r = release(id, req, Optional.of(qc));
      byte[] body = SignedEnvelope.of(r.getReleasePayload().toByteArray(), r.getReleaseSignature().toByteArray())
          .open(ShareRelease.TAG, net.identities.get(id).signingKey().publicKey());
      ShareRelease release = ShareRelease.decode(body);
      assertThat(release.attestorId()).isEqualTo(id);
      assertThat(release.requestDigest()).isEqualTo(req.signed().digest());
      try (SecretBytes plain = Hpke.open(req.recipient(), release.sealedShare(), ShareSealing.INFO,
          ShareSealing.aad(req.signed().digest(), id, "k1", 1, release.shareIndex()))) {
        shares.add(Share.decode(plain));
      }
    }
    try (Reconstruction rebuilt = Shamir.combineVerified(shares, k1.commitments(), k1.threshold());
        SecretBytes material = KeyWrap.unwrap(rebuilt.secret(), "k1", 1, k1.wrapped())) {
      assertThat(rebuilt.badIndices()).isEmpty();
      assertThat(material.equalsConstantTime(SecretBytes.copyOf(k1.material()))).isTrue();
    }
  }

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
    byte[] body = new io.keyquorum.crypto.encoding.CanonicalWriter().string(TestNet.CLIENT).string(keyRef).u32(0)
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
  void quorumJudgedBeforeAPolicyChange_isRefused() {
    log.submit(net.createKey("k-rev", "rev", IDS, 2, TestNet.ALLOW_ALL).command().encode()).join();
    awaitState("k-rev", KeyState.ENABLED);
    TestNet.Req req = net.request("rev");
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req), attest("attestor-2", req)));
    log.submit(net.updatePolicy("k-rev", 1, FINANCE_ONLY).encode()).join();
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.values().stream().allMatch(
        n -> n.registryState().policy("k-rev").map(p -> p.version() == 2).orElse(false)));
    refused(() -> release("attestor-1", req, Optional.of(qc)), Status.Code.PERMISSION_DENIED,
        "before the key's last change");
    // The new policy applies at once, with no rotation.
    assertThat(verified(attest("attestor-1", net.request("rev"))).decidingRule())
        .isEqualTo("key-policy/finance-only/default-deny");
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

  @Test
  void releaseWithoutQuorumCertificate_isRefused() {
    TestNet.Req req = net.request("payments");
    attest("attestor-1", req);
    refused(() -> release("attestor-1", req, Optional.empty()), Status.Code.PERMISSION_DENIED,
        "QUORUM_REFUSED", "requires a quorum certificate");
  }

  @Test
  void quorumWithTooFewMembers_isRefused() {
    TestNet.Req req = net.request("payments");
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req)));
    refused(() -> release("attestor-1", req, Optional.of(qc)), Status.Code.PERMISSION_DENIED,
        "has 1 attestations; 2 needed");
  }

  @Test
  void quorumWithADuplicateAttestor_isRefused() {
    TestNet.Req req = net.request("payments");
    SignedAttestation a1 = attest("attestor-1", req);
    refused(() -> release("attestor-1", req, Optional.of(new QuorumCertificate(List.of(a1, a1)))),
        Status.Code.PERMISSION_DENIED, "attestor-1 appears twice");
  }

  @Test
  void quorumForAnotherRequest_isRefused() {
    TestNet.Req first = net.request("payments");
    TestNet.Req second = net.request("payments");
    QuorumCertificate forFirst = new QuorumCertificate(List.of(attest("attestor-1", first), attest("attestor-2", first)));
    attest("attestor-1", second);
    refused(() -> release("attestor-1", second, Optional.of(forFirst)), Status.Code.PERMISSION_DENIED,
        "is for another request");
  }

  @Test
  void quorumWithAnExpiredAttestation_isRefused() {
    TestNet.Req req = net.request("payments");
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req), attest("attestor-2", req)));
    clock.advanceMillis(61_000);
    refused(() -> release("attestor-1", req, Optional.of(qc)), Status.Code.PERMISSION_DENIED, "expired");
  }

  @Test
  void quorumWithAForgedSignature_isRefused() {
    TestNet.Req req = net.request("payments");
    SignedAttestation a1 = attest("attestor-1", req);
    SignedAttestation a2 = attest("attestor-2", req);
    byte[] sig = a2.signature();
    sig[0] ^= 1;
    SignedAttestation forged = SignedAttestation.of("attestor-2", a2.payload(), sig);
    refused(() -> release("attestor-1", req, Optional.of(new QuorumCertificate(List.of(a1, forged)))),
        Status.Code.PERMISSION_DENIED, "attestation from attestor-2 is invalid");
  }

  @Test
  void quorumWithoutThisAttestorsOwnAttestation_isRefused() {
    TestNet.Req req = net.request("payments");
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req), attest("attestor-2", req)));
    refused(() -> release("attestor-3", req, Optional.of(qc)), Status.Code.PERMISSION_DENIED,
        "lacks this attestor's (attestor-3) own attestation");
  }

  @Test
  void secondReleaseForTheSameRequest_isRefused() {
    TestNet.Req req = net.request("payments");
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req), attest("attestor-2", req)));
    assertThat(release("attestor-1", req, Optional.of(qc)).getReleasePayload().isEmpty()).isFalse();
    refused(() -> release("attestor-1", req, Optional.of(qc)), Status.Code.FAILED_PRECONDITION, "ALREADY_RELEASED");
  }

  @Test
  void rotatedKey_servesTheNewVersion_andTheOldOneForDecryptOnly() {
    log.submit(net.createKey("k-rot", "rot", IDS, 2, TestNet.ALLOW_ALL).command().encode()).join();
    awaitState("k-rot", KeyState.ENABLED);
    long heightBefore = nodes.get("attestor-1").registryState().key("k-rot").orElseThrow().changedAtHeight();
    log.submit(net.rotateKey("k-rot", 2, IDS, 2).command().encode()).join();
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.values().stream().allMatch(n -> n.registryState()
        .key("k-rot").flatMap(k -> k.currentVersion()).map(v -> v.version() == 2).orElse(false)));
    assertThat(nodes.get("attestor-1").registryState().key("k-rot").orElseThrow().changedAtHeight())
        .isGreaterThan(heightBefore);

    assertThat(verified(attest("attestor-1", net.request("rot"))).keyVersion()).isEqualTo(2);
    Attestation oldRelease = verified(attest("attestor-1", net.request("rot", 1, Set.of(Capability.RELEASE))));
    assertThat(oldRelease.allow()).isFalse();
    assertThat(oldRelease.decidingRule()).isEqualTo("key-state");
    assertThat(oldRelease.explanation()).contains("older version serves decrypt only");
    Attestation oldDecrypt = verified(attest("attestor-1", net.request("rot", 1, Set.of(Capability.DECRYPT))));
    assertThat(oldDecrypt.allow()).isTrue();
    assertThat(oldDecrypt.keyVersion()).isEqualTo(1);
  }

  @Test
  void shareFailingItsFeldmanCheck_isComplainedAbout_andTheKeyFails() throws Exception {
    log.submit(net.createKeyWithWrongCommitments("k-bad", "bad", IDS, 2).encode()).join();
    awaitState("k-bad", KeyState.FAILED);
    var version = nodes.get("attestor-1").registryState().key("k-bad").orElseThrow().versions().get(1L);
    assertThat(version.complaints()).isNotEmpty();
    assertThat(version.complaints().values()).allSatisfy(reason -> assertThat(reason).contains("fails Feldman"));
    assertThat(version.acks()).isEmpty();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + net.dataDir("attestor-2")
        .resolve("attestor.db"));
        java.sql.ResultSet rs = c.createStatement().executeQuery(
            "SELECT COUNT(*) FROM shares WHERE key_id = 'k-bad'")) {
      assertThat(rs.getInt(1)).as("a share that fails verification is never stored").isZero();
    }
  }

  @Test
  void auditLog_recordsRegistryBlocksCustodyDecisionsAndRefusals() throws Exception {
    TestNet.Req req = net.request("payments");
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-2", req), attest("attestor-1", req)));
    release("attestor-2", req, Optional.of(qc));
    refused(() -> attest("attestor-2", req), Status.Code.FAILED_PRECONDITION);
    Set<String> kinds = new java.util.HashSet<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + net.dataDir("attestor-2")
        .resolve("attestor.db"));
        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT kind FROM audit")) {
      while (rs.next()) {
        kinds.add(rs.getString(1));
      }
    }
    assertThat(kinds).contains("start", "registry", "custody", "attest", "release", "refuse");
    var result = io.keyquorum.attestor.audit.AuditVerifier.verify(net.dataDir("attestor-2").resolve("attestor.db"),
        Optional.of(net.identities.get("attestor-2").signingKey().publicKey()));
    assertThat(result.ok()).as(result.message()).isTrue();
  }

  @Test
  void healthAndMetricsEndpoints_reportTheNode() throws Exception {
    attest("attestor-2", net.request("payments"));
    AttestorNode node = nodes.get("attestor-2");
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + node.statusPort().orElseThrow();
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"nodeId\":\"attestor-2\"", "\"status\":\"ok\"",
        "\"registryHeight\":" + node.registryState().height());
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("kq_attest_requests_total", "outcome=\"answered\"", "kq_registry_height");
  }
}
