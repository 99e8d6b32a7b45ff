package io.keyquorum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.group.Scalar;
import io.keyquorum.crypto.shamir.Shamir;
import io.keyquorum.crypto.shamir.Threshold;
import io.keyquorum.orchestrator.flow.FlowSettings;
import io.keyquorum.orchestrator.testing.TestCluster;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeChannels;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK behind a lying orchestrator: a proxy in front of a real orchestrator and five real
 * (test) attestors that rewrites what the orchestrator says. The client pins the genesis hash and
 * must refuse every lie, naming it.
 */
class LyingOrchestratorTest {
  private static final String POLICY = "policy: allow-all\nrules:\n  - effect: allow\n    when: true\n";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static TestCluster cluster;
  private static Ed25519PrivateKey clientKey;
  private static Liar liar;
  private static NodeServer liarServer;
  private static String keyId;
  private KeyQuorumClient client;

  /** Forwards to the real orchestrator, then applies the current lies to its answers. */
  private static final class Liar extends KeyQuorumGrpc.KeyQuorumImplBase {
    private final ManagedChannel channel;
    private final KeyQuorumGrpc.KeyQuorumBlockingStub real;
    volatile UnaryOperator<NetworkInfo> network = UnaryOperator.identity();
    volatile BiFunction<KeyOperation, KeyOperationResult, KeyOperationResult> result = (op, r) -> r;

    Liar(TestCluster cluster) {
      channel = NodeChannels.serverAuthenticated(cluster.caCertificate(), "127.0.0.1", cluster.orchestratorPort(),
          ChannelOptions.defaults());
      real = KeyQuorumGrpc.newBlockingStub(channel);
    }

    @Override
    public void getNetwork(GetNetworkRequest request, StreamObserver<NetworkInfo> response) {
      forward(response, () -> network.apply(real.getNetwork(request)));
    }

    @Override
    public void releaseKey(KeyOperation request, StreamObserver<KeyOperationResult> response) {
      forward(response, () -> result.apply(request, real.releaseKey(request)));
    }

    private static <T> void forward(StreamObserver<T> response, java.util.function.Supplier<T> answer) {
      try {
        response.onNext(answer.get());
        response.onCompleted();
      } catch (StatusRuntimeException e) {
        response.onError(e);
      }
    }
  }

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster(5, 1, FlowSettings.defaults());
    clientKey = cluster.registerClient("payments", List.of("key-creator"), Map.of());
    try (KeyQuorumClient honest = KeyQuorumClient.connect("127.0.0.1", cluster.orchestratorPort(),
        cluster.caCertificate(), TestCluster.ORCHESTRATOR, cluster.genesisHash(), "payments", clientKey)) {
      keyId = honest.createKey("lied-about", cluster.attestorIds(), 3, POLICY, Optional.empty()).keyId();
    }
    liar = new Liar(cluster);
    liarServer = NodeServer.start(cluster.ca().issue(NodeCertificateSpec.forNode("orchestrator-liar"), Instant.now()),
        cluster.caCertificate(), ServerOptions.serverOnly(new InetSocketAddress("127.0.0.1", 0)), List.of(liar));
  }

  @AfterAll
  static void stop() throws Exception {
    liarServer.close();
    liar.channel.shutdownNow();
    cluster.close();
  }

  private KeyQuorumClient client() {
    client = KeyQuorumClient.connect("127.0.0.1", liarServer.port(), cluster.caCertificate(), "orchestrator-liar",
        cluster.genesisHash(), "payments", clientKey);
    return client;
  }

  @AfterEach
  void reset() {
    liar.network = UnaryOperator.identity();
    liar.result = (op, r) -> r;
    if (client != null) {
      client.close();
    }
  }

  @Test
  void honestProxy_isAccepted() {
    try (KeyResult r = client().releaseKey(keyId, Map.of(), DeliveryMode.CLIENT)) {
      assertThat(r.secretOrThrow()).isNotNull();
    }
  }

  @Test
  void orchestratorSubstitutingAttestorKey_isRefusedByClient() {
    // The orchestrator describes attestor-1 with a key it holds, in the summaries and in a genesis it
    // re-signs, and replaces attestor-1's attestation with one it forged under that key.
    Ed25519PrivateKey forger = Ed25519PrivateKey.generate(RANDOM);
    liar.network = info -> {
      Genesis real = cluster.registry().state().governance().orElseThrow().genesis();
      List<AttestorInfo> attestors = new ArrayList<>();
      for (AttestorInfo a : real.attestors()) {
        attestors.add(a.id().equals("attestor-1") ? new AttestorInfo(a.id(), forger.publicKey(), a.hpkeKey(),
            a.tlsFingerprint(), a.endpoint(), a.labels()) : a);
      }
      Genesis fake = new Genesis(new CommandHeader(real.header().networkId(), GenesisHash.NONE, "admin-1", 1), real.f(),
          attestors, real.admins(), real.orchestrator());
      NetworkInfo.Builder b = info.toBuilder().setGenesis(ByteString.copyFrom(SignedCommand.sign(fake, forger).encode()))
          .clearAttestors();
      attestors.forEach(a -> b.addAttestors(AttestorSummary.newBuilder().setAttestorId(a.id())
          .setSigningKey(ByteString.copyFrom(a.signingKey().raw()))));
      return b.build();
    };
    liar.result = (op, r) -> withForgedAttestation(op, r, forger);

    assertThatThrownBy(() -> client().releaseKey(keyId, Map.of(), DeliveryMode.ORCHESTRATOR))
        .isInstanceOfSatisfying(KeyQuorumException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
          assertThat(e.getMessage()).contains("not proven from the pinned genesis " + cluster.genesisHash())
              .contains("genesis offered is not the pinned one");
        });
  }

  @Test
  void orchestratorForgingAnAttestationWithTheRealGenesis_isRefusedByClient() {
    Ed25519PrivateKey forger = Ed25519PrivateKey.generate(RANDOM);
    liar.result = (op, r) -> withForgedAttestation(op, r, forger);
    assertThatThrownBy(() -> client().releaseKey(keyId, Map.of(), DeliveryMode.ORCHESTRATOR))
        .isInstanceOfSatisfying(KeyQuorumException.class,
            e -> assertThat(e.getMessage()).contains("attestation that from attestor-1 does not verify"));
  }

  @Test
  void orchestratorSubstitutingCommitments_isRefusedByClient() {
    byte[] other = Shamir.split(Scalar.randomNonZero(RANDOM).toSecretBytes(), new Threshold(3, 5), RANDOM)
        .commitments().encode();
    liar.result = (op, r) -> r.toBuilder().setClientDelivery(r.getClientDelivery().toBuilder()
        .setCommitments(ByteString.copyFrom(other))).build();
    assertThatThrownBy(() -> client().releaseKey(keyId, Map.of(), DeliveryMode.CLIENT))
        .isInstanceOfSatisfying(KeyQuorumException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
          assertThat(e.getMessage()).contains("commitments for " + keyId + " v1")
              .contains("do not match the commitments digest the attestations sign");
        });
  }

  @Test
  void orchestratorLoweringTheThreshold_isRefusedByClient() {
    liar.result = (op, r) -> r.toBuilder().setClientDelivery(r.getClientDelivery().toBuilder().setThreshold(2)).build();
    assertThatThrownBy(() -> client().releaseKey(keyId, Map.of(), DeliveryMode.CLIENT))
        .isInstanceOfSatisfying(KeyQuorumException.class, e -> assertThat(e.getMessage())
            .contains("forwarded threshold 2 of 5 for " + keyId + " v1, but the attestations sign t = 3 of 5"));
  }

  @Test
  void orchestratorReturningFewerThanTAttestations_isRefusedByClient() {
    liar.result = (op, r) -> r.toBuilder().clearAttestations().addAttestations(r.getAttestations(0)).build();
    assertThatThrownBy(() -> client().releaseKey(keyId, Map.of(), DeliveryMode.CLIENT))
        .isInstanceOfSatisfying(KeyQuorumException.class, e -> assertThat(e.getMessage())
            .contains("returned 1 attestations for " + keyId + " v1, whose attestors sign t = 3"));
  }

  @Test
  void attestationsForAnotherRequest_areRefused() {
    List<ByteString> earlier = new ArrayList<>();
    liar.result = (op, r) -> {
      if (earlier.isEmpty()) {
        earlier.addAll(r.getAttestationsList());
        return r;
      }
      return r.toBuilder().clearAttestations().addAllAttestations(earlier).build();
    };
    client().releaseKey(keyId, Map.of(), DeliveryMode.ORCHESTRATOR).close();
    assertThatThrownBy(() -> client.releaseKey(keyId, Map.of(), DeliveryMode.ORCHESTRATOR))
        .isInstanceOfSatisfying(KeyQuorumException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
          assertThat(e.getMessage()).contains("does not approve this request");
        });
  }

  /**
   * Puts first an attestation "from attestor-1" that the forger signs (copying a real one's content)
   * and keeps the real attestations of the other attestors.
   */
  private static KeyOperationResult withForgedAttestation(KeyOperation op, KeyOperationResult r, Ed25519PrivateKey forger) {
    SignedKeyRequest request = SignedKeyRequest.decode(op.getSignedRequest().toByteArray());
    KeyOperationResult.Builder b = r.toBuilder().clearAttestations();
    SignedAttestation first = SignedAttestation.decode(r.getAttestations(0).toByteArray());
    Attestation real = first.verify(cluster.registry().state().governance().orElseThrow()
        .attestor(first.claimedAttestorId()).orElseThrow().signingKey());
    b.addAttestations(ByteString.copyFrom(SignedAttestation.sign(new Attestation(real.network(), "attestor-1",
        real.keyId(), real.keyVersion(), real.registryHeight(), real.facts(), request.digest(), true, "forged", "",
        real.issuedAtMillis(), real.expiresAtMillis()), forger).encode()));
    r.getAttestationsList().stream()
        .filter(x -> !SignedAttestation.decode(x.toByteArray()).claimedAttestorId().equals("attestor-1"))
        .forEach(b::addAttestations);
    return b.build();
  }
}
