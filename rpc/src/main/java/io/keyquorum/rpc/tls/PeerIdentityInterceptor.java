package io.keyquorum.rpc.tls;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.keyquorum.rpc.pki.CertificateNodeId;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the caller's certificate-proven node id to each call, and refuses calls without one.
 *
 * <p>The handshake has already validated the certificate against the network CA; this reads the
 * verified leaf from the TLS session, so a call can only ever run as the node whose key completed
 * the handshake. Calls with no verified certificate end with UNAUTHENTICATED before any service
 * code runs.
 */
public final class PeerIdentityInterceptor implements ServerInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(PeerIdentityInterceptor.class);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    PeerIdentity identity;
    try {
      identity = identityOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    } catch (SSLPeerUnverifiedException | IllegalArgumentException e) {
      LOG.warn("refusing call {} from {}: {}", call.getMethodDescriptor().getFullMethodName(),
          call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), e.getMessage());
      call.close(Status.UNAUTHENTICATED.withDescription(
          "a network certificate naming a node is required: " + e.getMessage()), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(PeerIdentity.CONTEXT_KEY, identity);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private static PeerIdentity identityOf(SSLSession session) throws SSLPeerUnverifiedException {
    if (session == null) {
      throw new SSLPeerUnverifiedException("connection is not TLS");
    }
    Certificate[] chain = session.getPeerCertificates();
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
      throw new SSLPeerUnverifiedException("peer presented no X.509 certificate");
    }
    return new PeerIdentity(CertificateNodeId.of(leaf), leaf);
  }
}
