package io.keyquorum.rpc.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.ServerOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Configuration values are checked when built, naming the bad field. */
class PeerOptionsTest {
  @Test
  void peerAddress_rejectsBadIdHostAndPort() {
    assertThatThrownBy(() -> new PeerAddress("bad id", "h", 1)).hasMessageContaining("invalid node id");
    assertThatThrownBy(() -> new PeerAddress("n", " ", 1)).hasMessageContaining("host is empty");
    assertThatThrownBy(() -> new PeerAddress("n", "h", 0)).hasMessageContaining("port must be 1-65535");
    assertThatThrownBy(() -> new PeerAddress("n", "h", 65536)).hasMessageContaining("port must be 1-65535");
  }

  @Test
  void peerLinkOptions_rejectNonPositiveLimits() {
    PeerLinkOptions d = PeerLinkOptions.defaults();
    assertThatThrownBy(() -> d.withQueueCapacity(0)).hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> d.withMaxMessageBytes(0)).hasMessageContaining("maxMessageBytes");
    assertThatThrownBy(() -> new PeerLinkOptions(1, 1, Duration.ofMillis(1), ChannelOptions.defaults()))
        .hasMessageContaining("reconnectCheckInterval");
  }

  @Test
  void defaults_leaveRoomForFramingUnderTheServerLimit() {
    assertThat(PeerLinkOptions.defaults().maxMessageBytes())
        .isLessThan(ServerOptions.mutual(new InetSocketAddress(0)).maxInboundMessageBytes());
  }

  @Test
  void serverAndChannelOptions_rejectNonPositiveValues() {
    ServerOptions ok = ServerOptions.mutual(new InetSocketAddress(0));
    assertThatThrownBy(() -> ok.withMaxInboundMessageBytes(0))
        .hasMessageContaining("maxInboundMessageBytes");
    assertThatThrownBy(() -> new ChannelOptions(1, Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("keepAliveTime");
  }
}
