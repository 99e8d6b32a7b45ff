package io.keyquorum.rpc.tls;

import io.keyquorum.rpc.pki.CertificateFingerprint;
import io.keyquorum.rpc.pki.CertificateNodeId;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the certificates the network CA issued to nodes, and optionally exactly one node.
 *
 * <p>PKIX validation (signature, validity, key usage, EKU and, when the TLS engine asks for it,
 * the host name against the SAN) is delegated to the JDK; on top of that the leaf must not be a
 * CA and must carry a well-formed node id. With an expected id, a certificate for any other node
 * is refused, so dialling the wrong address can never silently reach a different node. When {@link
 * CertificatePins} pin a certificate for the node a leaf names, only that exact certificate is
 * accepted, so another CA-signed certificate for the same id (reissued, superseded, or minted by
 * whoever holds the CA key once) cannot stand in for the registered one.
 */
final class NetworkTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager pkix;
  private final String expectedNodeId;
  private final CertificatePins pins;

  private NetworkTrustManager(X509ExtendedTrustManager pkix, String expectedNodeId, CertificatePins pins) {
    this.pkix = pkix;
    this.expectedNodeId = expectedNodeId;
    this.pins = pins;
  }

  /**
   * @param expectedNodeId the only node id to accept, or null to accept any node of the network
   */
  static NetworkTrustManager create(X509Certificate networkCa, String expectedNodeId) {
    return create(networkCa, expectedNodeId, CertificatePins.NONE);
  }

  /**
   * @param expectedNodeId the only node id to accept, or null to accept any node of the network
   * @param pins the certificate each node must present, where one is pinned
   */
  static NetworkTrustManager create(X509Certificate networkCa, String expectedNodeId, CertificatePins pins) {
    Objects.requireNonNull(pins, "pins");
    if (networkCa.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("trust anchor is not a CA certificate");
    }
    if (expectedNodeId != null) {
      CertificateNodeId.requireValid(expectedNodeId);
    }
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      anchors.setCertificateEntry("keyquorum-network-ca", networkCa);
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(anchors);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager extended) {
          return new NetworkTrustManager(extended, expectedNodeId, pins);
        }
      }
      throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager for PKIX");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a trust manager for the network CA", e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, engine);
    checkNode(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkServerTrusted(chain, authType, engine);
    checkNode(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, socket);
    checkNode(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pkix.checkServerTrusted(chain, authType, socket);
    checkNode(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType);
    checkNode(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    pkix.checkServerTrusted(chain, authType);
    checkNode(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }

  private void checkNode(X509Certificate[] chain) throws CertificateException {
    X509Certificate leaf = chain[0];
    // PKIX accepts a "chain" that is just the trust anchor; the CA itself is never a node.
    if (leaf.getBasicConstraints() >= 0) {
      throw new CertificateException("peer presented a CA certificate, not a node certificate");
    }
    String nodeId;
    try {
      nodeId = CertificateNodeId.of(leaf);
    } catch (IllegalArgumentException e) {
      throw new CertificateException("peer certificate names no valid node: " + e.getMessage(), e);
    }
    if (expectedNodeId != null && !expectedNodeId.equals(nodeId)) {
      throw new CertificateException(
          "peer certificate is for node '" + nodeId + "', expected '" + expectedNodeId + "'");
    }
    Optional<CertificateFingerprint> pin = pins.pinned(nodeId);
    if (pin.isPresent() && !pin.get().matches(leaf)) {
      throw new CertificateException("peer certificate for node '" + nodeId + "' (" + CertificateFingerprint.of(leaf)
          + ") is not the one pinned for it (" + pin.get() + ")");
    }
  }
}
