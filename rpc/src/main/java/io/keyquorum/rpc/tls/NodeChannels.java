package io.keyquorum.rpc.tls;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.keyquorum.rpc.pki.CertificateNodeId;
import io.keyquorum.rpc.pki.NodeCredentials;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Builds channels that speak TLS 1.3 only, trust only the network CA, check the dialled host
 * name against the server certificate's SAN, and accept only the expected node.
 */
public final class NodeChannels {
  private NodeChannels() {}

  /**
   * A mutual-TLS channel from this node to node {@code peerNodeId} at {@code host:port}.
   *
   * <p>The handshake fails unless the server's certificate is from the network CA, matches
   * {@code host} and names {@code peerNodeId}.
   */
  public static ManagedChannel mutual(NodeCredentials self, X509Certificate networkCa,
      String peerNodeId, String host, int port, ChannelOptions options) {
    return mutual(self, networkCa, peerNodeId, CertificatePins.NONE, host, port, options);
  }

  /**
   * As {@link #mutual(NodeCredentials, X509Certificate, String, String, int, ChannelOptions)}, and
   * where {@code pins} pin a certificate for {@code peerNodeId}, the server must present exactly
   * that one: the member the registry says sits at this address, not merely some certificate under
   * the network CA that names it.
   */
  public static ManagedChannel mutual(NodeCredentials self, X509Certificate networkCa,
      String peerNodeId, CertificatePins pins, String host, int port, ChannelOptions options) {
    CertificateNodeId.requireValid(peerNodeId);
    return build(sslContext(self, networkCa, peerNodeId, pins), host, port, options);
  }

  /**
   * A server-authenticated channel, for a client that proves itself by signing requests rather
   * than by certificate. Any node of the network whose certificate matches {@code host} is accepted.
   */
  public static ManagedChannel serverAuthenticated(
      X509Certificate networkCa, String host, int port, ChannelOptions options) {
    return build(sslContext(null, networkCa, null, CertificatePins.NONE), host, port, options);
  }

  /**
   * A server-authenticated channel to one named node: as {@link #serverAuthenticated(X509Certificate,
   * String, int, ChannelOptions)}, and the certificate must also name {@code expectedNodeId}. A
   * client reaching its orchestrator uses this, so that another node of the network (an attestor
   * on the same host, say) cannot answer in the orchestrator's place.
   */
  public static ManagedChannel serverAuthenticated(
      X509Certificate networkCa, String expectedNodeId, String host, int port, ChannelOptions options) {
    CertificateNodeId.requireValid(expectedNodeId);
    return build(sslContext(null, networkCa, expectedNodeId, CertificatePins.NONE), host, port, options);
  }

  private static ManagedChannel build(
      SslContext ssl, String host, int port, ChannelOptions options) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535, got " + port);
    }
    return NettyChannelBuilder.forAddress(host, port)
        .sslContext(ssl)
        .maxInboundMessageSize(options.maxInboundMessageBytes())
        .keepAliveTime(options.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(options.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveWithoutCalls(true)
        .build();
  }

  static SslContext sslContext(NodeCredentials self, X509Certificate networkCa, String peerNodeId,
      CertificatePins pins) {
    try {
      var builder =
          GrpcSslContexts.forClient()
              .protocols("TLSv1.3")
              .trustManager(NetworkTrustManager.create(networkCa, peerNodeId, pins));
      if (self != null) {
        builder.keyManager(self.privateKey(), self.certificate());
      }
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the TLS client context", e);
    }
  }
}
