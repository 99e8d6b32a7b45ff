package io.keyquorum.rpc.tls;

import io.grpc.Context;
import io.keyquorum.rpc.pki.CertificateNodeId;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * The node at the other end of the current call, as proven by its TLS client certificate.
 *
 * <p>Guarantee: on a {@link ClientAuthMode#MUTUAL} port every call runs with a PeerIdentity that
 * was read from a certificate the network CA issued and the peer proved it holds the key for. It
 * is never taken from request metadata or payload.
 *
 * @param nodeId the node id from the certificate's SAN URI (fallback CN)
 * @param certificate the peer's leaf certificate
 */
public record PeerIdentity(String nodeId, X509Certificate certificate) {
  static final Context.Key<PeerIdentity> CONTEXT_KEY = Context.key("keyquorum-peer-identity");

  public PeerIdentity {
    CertificateNodeId.requireValid(nodeId);
    Objects.requireNonNull(certificate, "certificate");
  }

  /**
   * The authenticated peer of the call running on this thread.
   *
   * @throws IllegalStateException if there is none (not inside a call on a mutual-TLS port)
   */
  public static PeerIdentity current() {
    PeerIdentity identity = CONTEXT_KEY.get();
    if (identity == null) {
      throw new IllegalStateException("no authenticated peer: not inside a call on a mutual-TLS port");
    }
    return identity;
  }

  /** The authenticated peer of the current call, or empty outside a mutual-TLS call. */
  public static Optional<PeerIdentity> currentIfPresent() {
    return Optional.ofNullable(CONTEXT_KEY.get());
  }

  @Override
  public String toString() {
    return "PeerIdentity{" + nodeId + "}";
  }
}
