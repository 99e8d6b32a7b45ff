package io.keyquorum.rpc.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyquorum.rpc.TestNetwork;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.NodeServer;
import io.keyquorum.rpc.tls.ServerOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbound link survives peer restarts and concurrent senders. */
class PeerLinkResilienceTest {
  private static final TestNetwork NET = new TestNetwork("resilience-net");
  private static final NodeCredentials A = NET.node("attestor-a");
  private static final NodeCredentials B = NET.node("attestor-b");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<String> atB = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void livePeerRestart_linkReconnectsByItself_andDeliveryResumes() throws Exception {
    NodeServer first = startB(TestNetwork.anyLoopbackPort());
    int port = first.port();
    PeerLinkClient fromA = client(port);
    fromA.send("attestor-b", bytes("before"));
    await().atMost(WAIT).until(() -> atB.contains("before"));

    first.close();
    startB(new InetSocketAddress(TestNetwork.LOOPBACK, port));

    // Messages handed over while the old stream was dying may be lost (best-effort); the link
    // must come back without any call from the application other than send.
    await().atMost(WAIT).untilAsserted(() -> {
      fromA.send("attestor-b", bytes("after"));
      assertThat(atB).contains("after");
    });
  }

  @Test
  void concurrentSenders_neitherThrowNorLoseMessagesToALivePeer() throws Exception {
    NodeServer server = startB(TestNetwork.anyLoopbackPort());
    PeerLinkClient fromA = client(server.port());
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(senders.submit(() -> {
          for (int i = 0; i < 500; i++) {
            fromA.send("attestor-b", bytes(thread + "-" + i));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      senders.shutdownNow();
    }

    await().atMost(WAIT).until(() -> atB.size() == 2000);
    Set<String> expected = new HashSet<>();
    IntStream.range(0, 4).forEach(t -> IntStream.range(0, 500).forEach(i -> expected.add(t + "-" + i)));
    assertThat(new HashSet<>(atB)).isEqualTo(expected);
    // Per sending thread, order is kept.
    for (int t = 0; t < 4; t++) {
      String prefix = t + "-";
      assertThat(atB.stream().filter(s -> s.startsWith(prefix)).toList())
          .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(i -> prefix + i).toList());
    }
  }

  private NodeServer startB(InetSocketAddress bind) throws Exception {
    PeerLinkService service = new PeerLinkService(
        (from, payload) -> atB.add(new String(payload, UTF_8)), (from, request) -> request);
    NodeServer server = NodeServer.start(B, NET.caCertificate(), ServerOptions.mutual(bind),
        List.of(service));
    open.add(server);
    return server;
  }

  private PeerLinkClient client(int port) {
    PeerLinkClient client = new PeerLinkClient(A, NET.caCertificate(),
        List.of(new PeerAddress("attestor-b", TestNetwork.LOOPBACK, port)),
        PeerLinkOptions.defaults().withQueueCapacity(10_000));
    open.add(client);
    return client;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
