package io.keyquorum.rpc.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.Objects;

/**
 * A node's TLS identity: its certificate (issued by the network CA) and the matching private key.
 *
 * <p>{@link #toString()} never shows the key. The JDK's EC private key object cannot be zeroed,
 * so hold one instance per node for the life of the process rather than copying it around.
 */
public final class NodeCredentials {
  private final String nodeId;
  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private NodeCredentials(String nodeId, X509Certificate certificate, PrivateKey privateKey) {
    this.nodeId = nodeId;
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /**
   * Pairs a certificate with its key.
   *
   * @throws IllegalArgumentException if the key is not an EC key or the certificate names no
   *     valid node id
   */
  public static NodeCredentials of(X509Certificate certificate, PrivateKey privateKey) {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    if (!(privateKey instanceof ECPrivateKey)) {
      // BoringSSL in grpc-netty-shaded rejects Ed25519 certificates; the network uses P-256 only.
      throw new IllegalArgumentException(
          "node private key must be an EC (P-256) key, got " + privateKey.getAlgorithm());
    }
    if (!certificate.getPublicKey().getAlgorithm().equals("EC")) {
      throw new IllegalArgumentException("node certificate must carry an EC public key");
    }
    return new NodeCredentials(CertificateNodeId.of(certificate), certificate, privateKey);
  }

  /** The node id the certificate speaks for. */
  public String nodeId() {
    return nodeId;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The private key; pass it only to a TLS context or to {@link PemFiles#writePrivateKey}. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "NodeCredentials{nodeId=" + nodeId + ", key=<redacted>}";
  }
}
