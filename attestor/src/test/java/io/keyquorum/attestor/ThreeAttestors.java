package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.log.SingleReplicaLog;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.ReleaseRequest;
import io.keyquorum.rpc.v1.ReleaseResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three in-process attestors sharing one single-replica registry log, driven over real gRPC and
 * mutual TLS on loopback, with the test playing the orchestrator. Subclasses share one network per
 * class; every test uses fresh requests (fresh nonces) and keys of its own where it changes state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ThreeAttestors {
  static final List<String> IDS = List.of("attestor-1", "attestor-2", "attestor-3");
  static final String FINANCE_ONLY = "policy: finance-only\nrules:\n  - effect: allow\n"
      + "    when: request.context[\"dept\"] == \"finance\"\n";

  TestNet net;
  SingleReplicaLog log;
  final MutableClock clock = new MutableClock();
  final Map<String, AttestorNode> nodes = new LinkedHashMap<>();
  final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
  TestNet.Deal k1;

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

  void awaitState(String keyId, KeyState state) {
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.values().stream().allMatch(
        n -> n.registryState().key(keyId).map(k -> k.state() == state).orElse(false)));
  }

  SignedAttestation attest(String id, TestNet.Req req) {
    byte[] wire = net.stub(channels.get(id)).attest(AttestRequest.newBuilder()
        .setSignedRequest(ByteString.copyFrom(req.bytes())).build()).getSignedAttestation().toByteArray();
    return SignedAttestation.decode(wire);
  }

  Attestation verified(SignedAttestation a) {
    return a.verify(net.identities.get(a.claimedAttestorId()).signingKey().publicKey());
  }

  ReleaseResponse release(String id, TestNet.Req req, Optional<QuorumCertificate> qc) {
    ReleaseRequest.Builder b = ReleaseRequest.newBuilder().setSignedRequest(ByteString.copyFrom(req.bytes()));
    qc.ifPresent(q -> b.setQuorumCertificate(ByteString.copyFrom(q.encode())));
    return net.stub(channels.get(id)).release(b.build());
  }

  static StatusRuntimeException refused(ThrowingCallable call, Status.Code code, String... fragments) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("call should be refused").isNotNull();
    assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
    for (String f : fragments) {
      assertThat(e.getStatus().getDescription()).contains(f);
    }
    return e;
  }

}
