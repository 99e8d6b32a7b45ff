package io.keyquorum.rpc.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.keyquorum.rpc.TestNetwork;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.tls.NodeServer;
import io.keyquorum.rpc.tls.ServerOptions;
import io.keyquorum.rpc.v1.PeerFrame;
import io.keyquorum.rpc.v1.PeerLinkGrpc;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Peer messaging between real nodes over loopback mutual TLS. */
class PeerLinkTest {
  private static final TestNetwork NET = new TestNetwork("peer-net");
  private static final NodeCredentials A = NET.node("attestor-a");
  private static final NodeCredentials B = NET.node("attestor-b");
  private static final Duration WAIT = Duration.ofSeconds(20);

  record Received(String from, String payload) {}

  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Received> atA = new CopyOnWriteArrayList<>();
  private final List<Received> atB = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void twoNodes_exchangeMessagesInOrder_withSenderIdFromCertificate() throws Exception {
    NodeServer serverA = startNode(A, atA, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    NodeServer serverB = startNode(B, atB, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    PeerLinkClient fromA = client(A, new PeerAddress("attestor-b", TestNetwork.LOOPBACK, serverB.port()));
    PeerLinkClient fromB = client(B, new PeerAddress("attestor-a", TestNetwork.LOOPBACK, serverA.port()));

    for (int i = 0; i < 200; i++) {
      fromA.send("attestor-b", ("a" + i).getBytes(UTF_8));
      fromB.send("attestor-a", ("b" + i).getBytes(UTF_8));
    }

    await().atMost(WAIT).until(() -> atB.size() == 200 && atA.size() == 200);
    assertThat(atB).extracting(Received::from).containsOnly("attestor-a");
    assertThat(atA).extracting(Received::from).containsOnly("attestor-b");
    assertThat(atB).extracting(Received::payload)
        .containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> "a" + i).toList());
    assertThat(fromA.stats("attestor-b")).isEqualTo(new PeerLinkStats("attestor-b", 0, 200, 0));
  }

  @Test
  void senderClaimingAnotherIdInPayloadOrHeaders_isStillKnownByItsCertificate() throws Exception {
    NodeServer serverB = startNode(B, atB, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    ManagedChannel channel = track(NodeChannels.mutual(A, NET.caCertificate(), "attestor-b",
        TestNetwork.LOOPBACK, serverB.port(), ChannelOptions.defaults()));
    Metadata lie = new Metadata();
    lie.put(Metadata.Key.of("x-node-id", Metadata.ASCII_STRING_MARSHALLER), "attestor-c");
    var stub = PeerLinkGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(lie))
        .withDeadlineAfter(10, TimeUnit.SECONDS);

    PeerFrame answer = stub.fetch(frame("from=attestor-c"));

    assertThat(answer.getPayload().toStringUtf8()).isEqualTo("attestor-a asked from=attestor-c");
  }

  @Test
  void clientFromLookAlikeCa_isRefused_andHandlerNeverSeesItsMessages() throws Exception {
    NodeServer serverB = startNode(B, atB, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    NodeCredentials impostor = new TestNetwork("peer-net").node("attestor-a");
    PeerLinkClient fromImpostor =
        client(impostor, new PeerAddress("attestor-b", TestNetwork.LOOPBACK, serverB.port()));

    for (int i = 0; i < 10; i++) {
      fromImpostor.send("attestor-b", ("forged" + i).getBytes(UTF_8));
    }
    // The fetch rides the same channel; once it has failed, the push stream has had its chance.
    assertThatThrownBy(() -> fromImpostor.fetch("attestor-b", bytes("x"), WAIT).get())
        .hasCauseInstanceOf(PeerFetchException.class)
        .hasMessageContaining("UNAVAILABLE");

    assertThat(atB).isEmpty();
    assertThat(fromImpostor.stats("attestor-b").sent()).isZero();
  }

  @Test
  void oversizedMessages_areRejectedWithResourceExhausted_andServerStaysUp() throws Exception {
    ServerOptions small = ServerOptions.mutual(TestNetwork.anyLoopbackPort())
        .withMaxInboundMessageBytes(64 * 1024);
    NodeServer serverB = startNode(B, atB, small);
    PeerLinkClient fromA = track(new PeerLinkClient(A, NET.caCertificate(),
        List.of(new PeerAddress("attestor-b", TestNetwork.LOOPBACK, serverB.port())),
        PeerLinkOptions.defaults().withMaxMessageBytes(1024 * 1024)));
    byte[] big = new byte[100 * 1024];

    assertThatThrownBy(() -> fromA.fetch("attestor-b", big, WAIT).get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(PeerFetchException.class)
        .extracting(e -> ((PeerFetchException) e).code())
        .isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(new String(fromA.fetch("attestor-b", bytes("ping"), WAIT).get(), UTF_8))
        .isEqualTo("attestor-a asked ping");

    fromA.send("attestor-b", big);
    // The oversized frame kills its stream; the link reopens and later messages get through.
    await().atMost(WAIT).untilAsserted(() -> {
      fromA.send("attestor-b", bytes("after"));
      assertThat(atB).extracting(Received::payload).contains("after");
    });
    assertThat(atB).allSatisfy(r -> assertThat(r.payload()).isEqualTo("after"));
  }

  @Test
  void senderDropsPayloadsOverItsOwnLimit_withoutThrowing() throws Exception {
    NodeServer serverB = startNode(B, atB, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    PeerLinkClient fromA = track(new PeerLinkClient(A, NET.caCertificate(),
        List.of(new PeerAddress("attestor-b", TestNetwork.LOOPBACK, serverB.port())),
        PeerLinkOptions.defaults().withMaxMessageBytes(1000)));

    fromA.send("attestor-b", new byte[1001]);
    fromA.send("attestor-b", bytes("fits"));

    await().atMost(WAIT).until(() -> atB.size() == 1);
    assertThat(atB.get(0).payload()).isEqualTo("fits");
    assertThat(fromA.stats("attestor-b").dropped()).isEqualTo(1);
  }

  @Test
  void deadPeer_neitherBlocksNorThrows_queueStaysBounded_andDeliveryResumes() throws Exception {
    NodeServer first = startNode(B, atB, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    int port = first.port();
    first.close();
    PeerLinkClient fromA = track(new PeerLinkClient(A, NET.caCertificate(),
        List.of(new PeerAddress("attestor-b", TestNetwork.LOOPBACK, port)),
        PeerLinkOptions.defaults().withQueueCapacity(50)));

    long start = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      fromA.send("attestor-b", ("m" + i).getBytes(UTF_8));
    }
    Duration spent = Duration.ofNanos(System.nanoTime() - start);

    assertThat(spent).isLessThan(Duration.ofSeconds(2));
    assertThat(fromA.stats("attestor-b")).isEqualTo(new PeerLinkStats("attestor-b", 50, 0, 950));
    assertThatThrownBy(() -> fromA.fetch("attestor-b", bytes("x"), WAIT).get())
        .hasMessageContaining("UNAVAILABLE");

    startNode(B, atB, ServerOptions.mutual(new InetSocketAddress(TestNetwork.LOOPBACK, port)));

    await().atMost(WAIT).until(() -> atB.size() == 50);
    // The oldest were dropped: exactly the newest 50 arrive, in order.
    assertThat(atB).extracting(Received::payload)
        .containsExactlyElementsOf(IntStream.range(950, 1000).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void fetchHandlerRejection_reachesCallerAsInvalidArgument() throws Exception {
    NodeServer serverB = startNode(B, atB, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    PeerLinkClient fromA = client(A, new PeerAddress("attestor-b", TestNetwork.LOOPBACK, serverB.port()));

    assertThatThrownBy(() -> fromA.fetch("attestor-b", bytes("bad"), WAIT).get())
        .cause()
        .isInstanceOf(PeerFetchException.class)
        .hasMessage("fetch from attestor-b failed: INVALID_ARGUMENT (malformed catch-up request)");
  }

  @Test
  void unknownOrSelfPeer_isRejectedAtOnce() throws Exception {
    PeerLinkClient fromA = client(A, new PeerAddress("attestor-b", TestNetwork.LOOPBACK, 1));

    assertThatThrownBy(() -> fromA.send("attestor-z", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown peer 'attestor-z'");
    assertThatThrownBy(() -> fromA.addPeer(new PeerAddress("attestor-a", "localhost", 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own peer");
  }

  @Test
  void rawClientWithoutCertificate_isRefusedAndHandlerSeesNothing() throws Exception {
    NodeServer serverB = startNode(B, atB, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    ManagedChannel channel = track(NodeChannels.serverAuthenticated(NET.caCertificate(),
        TestNetwork.LOOPBACK, serverB.port(), ChannelOptions.defaults()));

    assertThatThrownBy(() -> PeerLinkGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS).fetch(frame("x")))
        .isInstanceOf(StatusRuntimeException.class)
        .extracting(e -> Status.fromThrowable(e).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(atB).isEmpty();
  }

  // --- fixture ---

  private NodeServer startNode(NodeCredentials node, List<Received> inbox, ServerOptions options)
      throws Exception {
    PeerLinkService service = new PeerLinkService(
        (from, payload) -> inbox.add(new Received(from, new String(payload, UTF_8))),
        (from, request) -> {
          String text = new String(request, UTF_8);
          if (text.equals("bad")) {
            throw new IllegalArgumentException("malformed catch-up request");
          }
          return (from + " asked " + text).getBytes(UTF_8);
        });
    return track(NodeServer.start(node, NET.caCertificate(), options, List.of(service)));
  }

  private PeerLinkClient client(NodeCredentials self, PeerAddress peer) {
    return track(new PeerLinkClient(self, NET.caCertificate(), List.of(peer),
        PeerLinkOptions.defaults()));
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private ManagedChannel track(ManagedChannel channel) {
    open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static PeerFrame frame(String s) {
    return PeerFrame.newBuilder().setPayload(ByteString.copyFromUtf8(s)).build();
  }
}
