package io.keyquorum.rpc.tls;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.keyquorum.rpc.pki.NodeCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * A running gRPC server that speaks TLS 1.3 only, presents the node's certificate and trusts only
 * the network CA.
 *
 * <p>On a {@link ClientAuthMode#MUTUAL} port the handshake fails for any caller without a
 * certificate from the network CA, and every call carries a {@link PeerIdentity}. Service code
 * runs on a fixed pool of {@link ServerOptions#callThreads()} threads, never on network threads.
 */
public final class NodeServer implements AutoCloseable {
  private static final String TLS_1_3 = "TLSv1.3";

  private final Server server;
  private final ExecutorService callExecutor;

  private NodeServer(Server server, ExecutorService callExecutor) {
    this.server = server;
    this.callExecutor = callExecutor;
  }

  /** Builds the server and starts listening. */
  public static NodeServer start(NodeCredentials credentials, X509Certificate networkCa,
      ServerOptions options, List<BindableService> services) throws IOException {
    return start(credentials, networkCa, options, services, CertificatePins.NONE);
  }

  /**
   * As {@link #start(NodeCredentials, X509Certificate, ServerOptions, List)}; on a mutual port a
   * caller whose certificate names a node with a pinned certificate must present exactly that one.
   */
  public static NodeServer start(NodeCredentials credentials, X509Certificate networkCa,
      ServerOptions options, List<BindableService> services, CertificatePins pins) throws IOException {
    ExecutorService executor =
        Executors.newFixedThreadPool(options.callThreads(), threads("kq-rpc-" + credentials.nodeId()));
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(options.bindAddress())
            .sslContext(sslContext(credentials, networkCa, options.clientAuth(), pins))
            .executor(executor)
            .maxInboundMessageSize(options.maxInboundMessageBytes())
            .maxInboundMetadataSize(16 * 1024)
            .maxConcurrentCallsPerConnection(options.maxConcurrentCallsPerConnection())
            .keepAliveTime(options.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveTimeout(options.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true);
    services.forEach(s -> builder.addService(MalformedMessageInterceptor.guard(s.bindService())));
    if (options.clientAuth() == ClientAuthMode.MUTUAL) {
      builder.intercept(new PeerIdentityInterceptor());
    }
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
    return new NodeServer(server, executor);
  }

  /** The bound port (the real one when the options asked for port 0). */
  public int port() {
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  /**
   * Stops accepting calls, gives running calls up to 1 s, then cancels them. Long-lived peer
   * streams never finish on their own, so the grace period is kept short.
   */
  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      callExecutor.shutdownNow();
    }
  }

  static SslContext sslContext(
      NodeCredentials credentials, X509Certificate networkCa, ClientAuthMode mode, CertificatePins pins) {
    try {
      SslContextBuilder builder =
          GrpcSslContexts.configure(
                  SslContextBuilder.forServer(credentials.privateKey(), credentials.certificate()))
              .protocols(TLS_1_3)
              .trustManager(NetworkTrustManager.create(networkCa, null, pins))
              .clientAuth(mode == ClientAuthMode.MUTUAL ? ClientAuth.REQUIRE : ClientAuth.NONE);
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the TLS server context", e);
    }
  }

  static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
