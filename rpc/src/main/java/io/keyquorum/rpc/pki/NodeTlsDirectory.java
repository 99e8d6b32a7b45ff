package io.keyquorum.rpc.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The TLS files of one node in one directory: {@code ca.pem} (the network CA certificate, the
 * only trust anchor), {@code node.pem} (the node certificate) and {@code node-key.pem} (its
 * PKCS#8 key, mode 0600).
 */
public record NodeTlsDirectory(Path directory) {
  public static final String CA_FILE = "ca.pem";
  public static final String CERTIFICATE_FILE = "node.pem";
  public static final String KEY_FILE = "node-key.pem";

  public NodeTlsDirectory {
    Objects.requireNonNull(directory, "directory");
  }

  /** Writes all three files, creating the directory if needed. */
  public void write(X509Certificate networkCa, NodeCredentials node) throws IOException {
    PemFiles.writeCertificates(directory.resolve(CA_FILE), List.of(networkCa));
    PemFiles.writeCertificates(directory.resolve(CERTIFICATE_FILE), List.of(node.certificate()));
    PemFiles.writePrivateKey(directory.resolve(KEY_FILE), node.privateKey());
  }

  public X509Certificate readNetworkCa() throws IOException {
    return PemFiles.readCertificate(directory.resolve(CA_FILE));
  }

  /**
   * Reads the node's certificate and key.
   *
   * @throws IllegalArgumentException if the certificate was not issued by {@code ca.pem}'s key
   */
  public NodeCredentials readCredentials() throws IOException {
    X509Certificate certificate = PemFiles.readCertificate(directory.resolve(CERTIFICATE_FILE));
    X509Certificate ca = readNetworkCa();
    try {
      certificate.verify(ca.getPublicKey());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException(
          directory.resolve(CERTIFICATE_FILE) + " was not issued by " + directory.resolve(CA_FILE), e);
    }
    return NodeCredentials.of(certificate, PemFiles.readPrivateKey(directory.resolve(KEY_FILE)));
  }
}
