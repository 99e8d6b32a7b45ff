package io.keyquorum.rpc.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.keyquorum.rpc.TestNetwork;
import io.keyquorum.rpc.health.NodeHealthService;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.v1.HealthRequest;
import io.keyquorum.rpc.v1.HealthResponse;
import io.keyquorum.rpc.v1.NodeHealthGrpc;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real TLS handshakes over loopback: who may talk to whom. */
class MutualTlsTest {
  private static final TestNetwork NET = new TestNetwork("tls-net");
  // Same name, so the same CA subject DN: an attacker's look-alike CA. The client then offers its
  // certificate and the server's chain validation, not issuer-name matching, must refuse it.
  private static final TestNetwork OTHER = new TestNetwork("tls-net");
  private static final NodeCredentials SERVER = NET.node("attestor-1");
  private static final NodeCredentials CLIENT = NET.node("attestor-2");
  private static final String HOST = TestNetwork.LOOPBACK;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final AtomicLong height = new AtomicLong(41);

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Test
  void healthCheck_overMutualTls_returnsNodeIdAndRegistryHeight() throws Exception {
    NodeServer server = start(SERVER, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    ManagedChannel channel = track(NodeChannels.mutual(CLIENT, NET.caCertificate(), "attestor-1",
        HOST, server.port(), ChannelOptions.defaults()));

    height.set(42);
    HealthResponse response = check(channel);

    assertThat(response.getNodeId()).isEqualTo("attestor-1");
    assertThat(response.getRegistryHeight()).isEqualTo(42);
  }

  @Test
  void clientWithoutCertificate_isRefusedOnMutualPort() throws Exception {
    NodeServer server = start(SERVER, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    ManagedChannel channel = track(NodeChannels.serverAuthenticated(NET.caCertificate(), HOST,
        server.port(), ChannelOptions.defaults()));

    assertRefused(channel, "CERTIFICATE_REQUIRED");
  }

  @Test
  void clientWithoutCertificate_isServedOnServerOnlyPort() throws Exception {
    NodeServer server = start(SERVER, ServerOptions.serverOnly(TestNetwork.anyLoopbackPort()));
    ManagedChannel channel = track(NodeChannels.serverAuthenticated(NET.caCertificate(), HOST,
        server.port(), ChannelOptions.defaults()));

    assertThat(check(channel).getNodeId()).isEqualTo("attestor-1");
  }

  @Test
  void clientCertificateFromAnotherCa_isRefused() throws Exception {
    NodeServer server = start(SERVER, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    NodeCredentials impostor = OTHER.node("attestor-2");
    ManagedChannel channel = track(NodeChannels.mutual(impostor, NET.caCertificate(), "attestor-1",
        HOST, server.port(), ChannelOptions.defaults()));

    assertRefused(channel, "TLSV1_ALERT"); // the server aborted the handshake
  }

  @Test
  void serverCertificateFromAnotherCa_isRefusedByClient() throws Exception {
    NodeCredentials impostor = OTHER.node("attestor-1");
    NodeServer server = track(NodeServer.start(impostor, OTHER.caCertificate(),
        ServerOptions.mutual(TestNetwork.anyLoopbackPort()),
        List.of(new NodeHealthService("attestor-1", height::get))));
    ManagedChannel channel = track(NodeChannels.mutual(CLIENT, NET.caCertificate(), "attestor-1",
        HOST, server.port(), ChannelOptions.defaults()));

    assertRefused(channel, "PKIX path");
  }

  @Test
  void serverCertificateForAnotherHost_isRefused() throws Exception {
    NodeCredentials elsewhere = NET.ca().issue(new NodeCertificateSpec("attestor-1",
        List.of("attestor-1.example"), List.of("10.9.9.9"), Duration.ofDays(1)), Instant.now());
    NodeServer server = start(elsewhere, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));

    assertRefused(track(NodeChannels.mutual(CLIENT, NET.caCertificate(), "attestor-1",
        HOST, server.port(), ChannelOptions.defaults())), "No subject alternative names matching IP");
    assertRefused(track(NodeChannels.mutual(CLIENT, NET.caCertificate(), "attestor-1",
        "localhost", server.port(), ChannelOptions.defaults())), "No subject alternative DNS name");
  }

  @Test
  void serverCertificateMatchingDialledDnsName_isAccepted() throws Exception {
    NodeCredentials dnsOnly = NET.ca().issue(new NodeCertificateSpec("attestor-1",
        List.of("localhost"), List.of(), Duration.ofDays(1)), Instant.now());
    NodeServer server = start(dnsOnly, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    ManagedChannel channel = track(NodeChannels.mutual(CLIENT, NET.caCertificate(), "attestor-1",
        "localhost", server.port(), ChannelOptions.defaults()));

    assertThat(check(channel).getNodeId()).isEqualTo("attestor-1");
  }

  @Test
  void serverNamingAnotherNode_isRefusedEvenWithValidCertificate() throws Exception {
    NodeServer server = start(SERVER, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    ManagedChannel channel = track(NodeChannels.mutual(CLIENT, NET.caCertificate(), "attestor-3",
        HOST, server.port(), ChannelOptions.defaults()));

    assertRefused(channel, "expected 'attestor-3'");
  }

  @Test
  void clientOfferingOnlyTls12_isRefused() throws Exception {
    NodeServer server = start(SERVER, ServerOptions.mutual(TestNetwork.anyLoopbackPort()));
    ManagedChannel channel = track(NettyChannelBuilder.forAddress(HOST, server.port())
        .sslContext(GrpcSslContexts.forClient()
            .protocols("TLSv1.2")
            .trustManager(NET.caCertificate())
            .keyManager(CLIENT.privateKey(), CLIENT.certificate())
            .build())
        .build());

    assertRefused(channel, "PROTOCOL_VERSION");
  }

  private HealthResponse check(ManagedChannel channel) {
    return NodeHealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthRequest.getDefaultInstance());
  }

  private void assertRefused(ManagedChannel channel) {
    assertRefused(channel, "");
  }

  /** Refused with UNAVAILABLE, and some cause in the chain says {@code why}. */
  private void assertRefused(ManagedChannel channel, String why) {
    assertThatThrownBy(() -> check(channel))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> assertThat(Status.fromThrowable(e).getCode())
            .isEqualTo(Status.Code.UNAVAILABLE))
        .satisfies(e -> assertThat(causeMessages(e)).contains(why));
  }

  private static String causeMessages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause()) {
      all.append(c).append('\n');
    }
    return all.toString();
  }

  private NodeServer start(NodeCredentials node, ServerOptions options) throws Exception {
    return track(NodeServer.start(node, NET.caCertificate(), options,
        List.of(new NodeHealthService(node.nodeId(), height::get))));
  }

  private NodeServer track(NodeServer server) {
    open.add(server);
    return server;
  }

  private ManagedChannel track(ManagedChannel channel) {
    open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }
}
