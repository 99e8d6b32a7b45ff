package io.keyquorum.resilience.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a plain TCP echo server: forwarding, latency, blackhole, cut, partition, heal. */
class FaultProxyTest {
  private ServerSocket echo;
  private final FaultProxy proxy = new FaultProxy();

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          Thread t = new Thread(() -> {
            try (s) {
              s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException closed) {
              // The test or the proxy closed the connection: this echo session is over.
              return;
            }
          });
          t.setDaemon(true);
          t.start();
        } catch (IOException closed) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private static Socket connect(FaultProxy.Link link) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), link.port());
    s.setSoTimeout(3000);
    return s;
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return new String(s.getInputStream().readNBytes(text.length()), StandardCharsets.US_ASCII);
  }

  @Test
  void forwardsBytesBothWays() throws IOException {
    FaultProxy.Link link = proxy.open("a", "b", "grpc", echo.getLocalPort());
    try (Socket s = connect(link)) {
      assertThat(roundTrip(s, "hello")).isEqualTo("hello");
    }
  }

  @Test
  void delayAddsLatencyOnEachDirection_andHealRemovesIt() throws IOException {
    FaultProxy.Link link = proxy.open("a", "b", "grpc", echo.getLocalPort());
    proxy.delay("b", Duration.ofMillis(200));
    try (Socket s = connect(link)) {
      long start = System.nanoTime();
      assertThat(roundTrip(s, "slow")).isEqualTo("slow");
      // 200 ms on the way there and 200 ms on the way back: a lower bound only, never an upper one.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
      proxy.healAll();
      assertThat(roundTrip(s, "fast")).isEqualTo("fast");
    }
  }

  @Test
  void dropBlackholesTraffic_andHealClosesTheCorruptedConnectionButAcceptsNewOnes() throws IOException {
    FaultProxy.Link link = proxy.open("a", "b", "grpc", echo.getLocalPort());
    try (Socket s = connect(link)) {
      assertThat(roundTrip(s, "before")).isEqualTo("before");
      proxy.drop(l -> true);
      s.setSoTimeout(500);
      s.getOutputStream().write("lost".getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
      proxy.healAll();
      s.setSoTimeout(3000);
      assertThat(readUntilClosed(s.getInputStream())).isEqualTo(-1);
    }
    try (Socket fresh = connect(link)) {
      assertThat(roundTrip(fresh, "after")).isEqualTo("after");
    }
  }

  @Test
  void cutClosesLiveConnectionsAndRefusesNewOnes() throws IOException {
    FaultProxy.Link link = proxy.open("a", "b", "grpc", echo.getLocalPort());
    try (Socket s = connect(link)) {
      assertThat(roundTrip(s, "up")).isEqualTo("up");
      proxy.cut(l -> true);
      assertThat(readUntilClosed(s.getInputStream())).isEqualTo(-1);
    }
    try (Socket refused = connect(link)) {
      assertThat(readUntilClosed(refused.getInputStream())).isEqualTo(-1);
    }
  }

  @Test
  void partitionBlocksOnlyLinksCrossingTheGroupBoundary() throws IOException {
    FaultProxy.Link inside = proxy.open("n1", "n2", "consensus", echo.getLocalPort());
    FaultProxy.Link crossing = proxy.open("n1", "n3", "consensus", echo.getLocalPort());
    FaultProxy.Link outside = proxy.open("n3", "n4", "consensus", echo.getLocalPort());
    proxy.partition(Set.of("n1", "n2"));
    try (Socket a = connect(inside); Socket b = connect(crossing); Socket c = connect(outside)) {
      assertThat(roundTrip(a, "in")).isEqualTo("in");
      assertThat(roundTrip(c, "out")).isEqualTo("out");
      b.setSoTimeout(500);
      b.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> b.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void aLinkWhoseTargetIsDown_closesTheCallersConnection() throws IOException {
    int dead;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = gone.getLocalPort();
    }
    FaultProxy.Link link = proxy.open("a", "b", "grpc", dead);
    try (Socket s = connect(link)) {
      assertThat(readUntilClosed(s.getInputStream())).isEqualTo(-1);
    }
  }

  /** -1 once the proxy closed the connection (a reset counts as closed too). */
  private static int readUntilClosed(InputStream in) throws IOException {
    try {
      return in.read();
    } catch (java.net.SocketException reset) {
      return -1;
    }
  }
}
