package io.keyquorum.e2e;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.keyquorum.attestor.AttestorNode;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.CertificatePins;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.ClientAuthMode;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.tls.NodeServer;
import io.keyquorum.rpc.tls.ServerOptions;
import io.keyquorum.rpc.v1.AttestorGrpc;
import io.keyquorum.rpc.v1.HealthRequest;
import io.keyquorum.rpc.v1.HealthResponse;
import io.keyquorum.rpc.v1.NodeHealthGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Test code: what sits at the address genesis records for an attestor when a test controls its
 * wire. It presents the attestor's own certificate (the one genesis pins; a compromised node's
 * owner holds it) and serves a service the test builds around a stub to the real {@link
 * AttestorNode}, which listens on a port of its own and is reached over mutual TLS as any member
 * would reach it. Health checks are forwarded unchanged. So a Byzantine attestor needs no hook in
 * the attestor's shipped code.
 */
public final class AttestorFront implements AutoCloseable {
  private final ManagedChannel toNode;
  private final NodeServer server;

  private AttestorFront(ManagedChannel toNode, NodeServer server) {
    this.toNode = toNode;
    this.server = server;
  }

  /**
   * Starts a front for attestor {@code id}, whose real node listens on {@code nodePort}.
   *
   * @param service builds the Attest/Release service served in the node's place
   */
  static AttestorFront start(String id, NodeCredentials memberTls, X509Certificate networkCa, CertificatePins pins,
      int nodePort, Function<AttestorGrpc.AttestorBlockingStub, BindableService> service) throws IOException {
    ManagedChannel toNode = NodeChannels.mutual(memberTls, networkCa, id, pins, "127.0.0.1", nodePort,
        ChannelOptions.defaults());
    try {
      ServerOptions options = new ServerOptions(new InetSocketAddress("127.0.0.1", 0), ClientAuthMode.MUTUAL,
          AttestorNode.MAX_INBOUND_BYTES, 256, 8, Duration.ofSeconds(30), Duration.ofSeconds(10));
      NodeServer server = NodeServer.start(memberTls, networkCa, options,
          List.of(service.apply(AttestorGrpc.newBlockingStub(toNode)), new ForwardedHealth(toNode)), pins);
      return new AttestorFront(toNode, server);
    } catch (IOException | RuntimeException e) {
      toNode.shutdownNow();
      throw e;
    }
  }

  /** The port genesis records for the attestor. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    toNode.shutdownNow();
  }

  /** The real node's health answer, so the orchestrator's probes see the node behind the front. */
  private static final class ForwardedHealth extends NodeHealthGrpc.NodeHealthImplBase {
    private final NodeHealthGrpc.NodeHealthBlockingStub node;

    ForwardedHealth(ManagedChannel toNode) {
      this.node = NodeHealthGrpc.newBlockingStub(toNode);
    }

    @Override
    public void check(HealthRequest request, StreamObserver<HealthResponse> response) {
      HealthResponse answer;
      try {
        answer = node.check(request); // the caller's deadline travels with the gRPC context
      } catch (StatusRuntimeException e) {
        response.onError(e);
        return;
      }
      response.onNext(answer);
      response.onCompleted();
    }
  }
}
