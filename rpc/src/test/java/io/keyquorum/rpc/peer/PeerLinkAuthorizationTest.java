package io.keyquorum.rpc.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.keyquorum.rpc.TestNetwork;
import io.keyquorum.rpc.pki.CertificateFingerprint;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.tls.NodeServer;
import io.keyquorum.rpc.tls.PeerIdentity;
import io.keyquorum.rpc.tls.ServerOptions;
import io.keyquorum.rpc.v1.PeerAck;
import io.keyquorum.rpc.v1.PeerFrame;
import io.keyquorum.rpc.v1.PeerLinkGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who may use the peer link: certificate-proven identity, then the allowed-peer predicate. */
class PeerLinkAuthorizationTest {
  private static final TestNetwork NET = new TestNetwork("authz-net");
  private static final NodeCredentials A = NET.node("attestor-a");
  private static final NodeCredentials B = NET.node("attestor-b");

  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<String> delivered = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void certifiedNodeOutsideAllowedSet_isDenied_andHandlerSeesNothing() throws Exception {
    NodeServer server = start(B, ServerOptions.mutual(TestNetwork.anyLoopbackPort()),
        Set.of("attestor-c"));
    ManagedChannel channel = track(NodeChannels.mutual(A, NET.caCertificate(), "attestor-b",
        TestNetwork.LOOPBACK, server.port(), ChannelOptions.defaults()));

    assertThatThrownBy(() -> PeerLinkGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS).fetch(frame("x")))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("PERMISSION_DENIED")
        .hasMessageContaining("attestor-a is not an allowed peer");
    assertThat(pushOneFrame(channel).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(delivered).isEmpty();
  }

  @Test
  void refusingPeer_isRetriedWithGrowingBackoff_notHammered() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    PeerLinkService refusing = new PeerLinkService((from, payload) -> delivered.add(from),
        (from, request) -> request, peer -> attempts.incrementAndGet() < 0);
    NodeServer server = NodeServer.start(B, NET.caCertificate(),
        ServerOptions.mutual(TestNetwork.anyLoopbackPort()), List.of(refusing));
    open.add(server);
    PeerLinkClient fromA = new PeerLinkClient(A, NET.caCertificate(),
        List.of(new PeerAddress("attestor-b", TestNetwork.LOOPBACK, server.port())),
        PeerLinkOptions.defaults());
    open.add(fromA);

    fromA.send("attestor-b", "x".getBytes(UTF_8));
    await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 1);
    // Backoff 100, 200, 400, 800, 1600 ms: at most about 5 retries in 2 s (20 without backoff).
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
        .until(() -> attempts.get() <= 7);
    assertThat(delivered).isEmpty();
  }

  @Test
  void allowedNode_isServed() throws Exception {
    NodeServer server = start(B, ServerOptions.mutual(TestNetwork.anyLoopbackPort()),
        Set.of("attestor-a"));
    ManagedChannel channel = track(NodeChannels.mutual(A, NET.caCertificate(), "attestor-b",
        TestNetwork.LOOPBACK, server.port(), ChannelOptions.defaults()));

    assertThat(pushOneFrame(channel).getCode()).isEqualTo(Status.Code.OK);
    assertThat(delivered).containsExactly("attestor-a:hello");
  }

  @Test
  void reissuedCertificateForSameNodeId_isDenied_whenFingerprintIsPinned() throws Exception {
    CertificateFingerprint pinned = CertificateFingerprint.of(A.certificate());
    PeerLinkService service = new PeerLinkService((from, payload) -> delivered.add(from),
        (from, request) -> request, peer -> pinned.matches(peer.certificate()));
    NodeServer server = NodeServer.start(B, NET.caCertificate(),
        ServerOptions.mutual(TestNetwork.anyLoopbackPort()), List.of(service));
    open.add(server);
    NodeCredentials reissued = NET.node("attestor-a");

    ManagedChannel pinnedChannel = track(NodeChannels.mutual(A, NET.caCertificate(), "attestor-b",
        TestNetwork.LOOPBACK, server.port(), ChannelOptions.defaults()));
    ManagedChannel reissuedChannel = track(NodeChannels.mutual(reissued, NET.caCertificate(),
        "attestor-b", TestNetwork.LOOPBACK, server.port(), ChannelOptions.defaults()));

    assertThat(pushOneFrame(pinnedChannel).getCode()).isEqualTo(Status.Code.OK);
    assertThat(pushOneFrame(reissuedChannel).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(delivered).containsExactly("attestor-a");
  }

  @Test
  void peerLinkOnServerOnlyPort_refusesWithUnauthenticated() throws Exception {
    NodeServer server = start(B, ServerOptions.serverOnly(TestNetwork.anyLoopbackPort()),
        Set.of("attestor-a"));
    ManagedChannel channel = track(NodeChannels.serverAuthenticated(NET.caCertificate(),
        TestNetwork.LOOPBACK, server.port(), ChannelOptions.defaults()));

    assertThatThrownBy(() -> PeerLinkGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS).fetch(frame("x")))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("UNAUTHENTICATED");
    assertThat(pushOneFrame(channel).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(delivered).isEmpty();
  }

  @Test
  void peerIdentity_outsideACall_isAbsent() {
    assertThat(PeerIdentity.currentIfPresent()).isEmpty();
    assertThatThrownBy(PeerIdentity::current).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no authenticated peer");
  }

  /** Pushes "hello" then half-closes; returns how the call ended. */
  private static Status pushOneFrame(ManagedChannel channel) throws Exception {
    CompletableFuture<Status> ended = new CompletableFuture<>();
    StreamObserver<PeerFrame> requests = PeerLinkGrpc.newStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .push(new StreamObserver<PeerAck>() {
          @Override
          public void onNext(PeerAck ack) {
            assertThat(ack.getFramesReceived()).isEqualTo(1);
          }

          @Override
          public void onError(Throwable t) {
            ended.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            ended.complete(Status.OK);
          }
        });
    requests.onNext(frame("hello"));
    requests.onCompleted();
    return ended.get(10, TimeUnit.SECONDS);
  }

  private NodeServer start(NodeCredentials node, ServerOptions options, Set<String> allowed)
      throws Exception {
    PeerLinkService service = new PeerLinkService(
        (from, payload) -> delivered.add(from + ":" + new String(payload, UTF_8)),
        (from, request) -> request,
        peer -> allowed.contains(peer.nodeId()));
    NodeServer server = NodeServer.start(node, NET.caCertificate(), options, List.of(service));
    open.add(server);
    return server;
  }

  private ManagedChannel track(ManagedChannel channel) {
    open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  private static PeerFrame frame(String s) {
    return PeerFrame.newBuilder().setPayload(ByteString.copyFromUtf8(s)).build();
  }
}
