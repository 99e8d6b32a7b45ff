package io.keyquorum.rpc;

import io.grpc.BindableService;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.NodeServer;
import io.keyquorum.rpc.tls.ServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** A network CA and helpers to issue node credentials and start loopback servers in tests. */
public final class TestNetwork {
  public static final String LOOPBACK = "127.0.0.1";

  private final NetworkCa ca;

  public TestNetwork(String name) {
    this.ca = NetworkCa.generate(name, Instant.now(), new SecureRandom());
  }

  public NetworkCa ca() {
    return ca;
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  public NodeCredentials node(String nodeId) {
    return ca.issue(NodeCertificateSpec.forNode(nodeId), Instant.now());
  }

  public static InetSocketAddress anyLoopbackPort() {
    return new InetSocketAddress(LOOPBACK, 0);
  }

  public NodeServer startMutual(NodeCredentials node, BindableService... services)
      throws IOException {
    return NodeServer.start(node, caCertificate(), ServerOptions.mutual(anyLoopbackPort()),
        List.of(services));
  }
}
