package io.keyquorum.rpc.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The network's own certificate authority: the only root any node trusts for TLS.
 *
 * <p>Guarantee: certificates it issues are ECDSA P-256 leaves (CA:false) usable for both TLS
 * server and client authentication, and bind the node id into a SAN URI that only this CA can
 * vouch for. The CA is P-256 with pathLen 0, so it can issue no intermediate.
 */
public final class NetworkCa {
  /** Ten years; the CA is replaced by a governance change, not by expiry in normal use. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(10 * 365);

  // Issue certificates valid from a little in the past so peers with slow clocks accept them.
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final SecureRandom random;

  private NetworkCa(X509Certificate certificate, PrivateKey privateKey, SecureRandom random) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.random = random;
  }

  /** Generates a fresh CA named {@code CN=<networkName> network CA}. */
  public static NetworkCa generate(String networkName, Instant now, SecureRandom random) {
    Objects.requireNonNull(now, "now");
    CertificateNodeId.requireValid(networkName);
    KeyPair pair = newP256KeyPair(random);
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "keyquorum")
            .addRDN(BCStyle.CN, networkName + " network CA")
            .build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial(random),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(DEFAULT_VALIDITY)),
                  subject,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(pair.getPublic()));
      return new NetworkCa(sign(builder, pair.getPrivate()), pair.getPrivate(), random);
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the network CA certificate", e);
    }
  }

  /**
   * Loads an existing CA (e.g. from {@link PemFiles}).
   *
   * @throws IllegalArgumentException if the certificate is not a CA or the key does not match it
   */
  public static NetworkCa of(X509Certificate certificate, PrivateKey privateKey, SecureRandom random) {
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("certificate is not a CA (basicConstraints CA:false)");
    }
    requireMatchingKey(certificate.getPublicKey(), privateKey);
    return new NetworkCa(certificate, privateKey, Objects.requireNonNull(random, "random"));
  }

  /** The CA certificate: distribute it to every node and client as the only trust anchor. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The CA signing key; needed only to persist the CA. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** Issues a node certificate with a fresh P-256 key. */
  public NodeCredentials issue(NodeCertificateSpec spec, Instant now) {
    KeyPair pair = newP256KeyPair(random);
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.uniformResourceIdentifier,
        CertificateNodeId.uriFor(spec.nodeId())));
    spec.dnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    spec.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "keyquorum")
            .addRDN(BCStyle.CN, spec.nodeId())
            .build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serial(random),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(spec.validity())),
                  subject,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(names.toArray(GeneralName[]::new)))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(pair.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  ext.createAuthorityKeyIdentifier(certificate));
      return NodeCredentials.of(sign(builder, privateKey), pair.getPrivate());
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue a certificate for " + spec.nodeId(), e);
    }
  }

  @Override
  public String toString() {
    return "NetworkCa{" + certificate.getSubjectX500Principal().getName() + ", key=<redacted>}";
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot create an ECDSA signer", e);
    }
  }

  private static KeyPair newP256KeyPair(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 key generation is unavailable", e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    // RFC 5280 §4.1.2.2: positive, at most 20 octets; 128 random bits make serials unguessable.
    return new BigInteger(128, random).setBit(127);
  }

  private static void requireMatchingKey(PublicKey publicKey, PrivateKey privateKey) {
    try {
      byte[] probe = "keyquorum/ca-key-check/v1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      java.security.Signature signer = java.security.Signature.getInstance(SIGNATURE_ALGORITHM);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance(SIGNATURE_ALGORITHM);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new IllegalArgumentException("CA private key does not match the CA certificate");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("CA key is not a usable ECDSA key", e);
    }
  }
}
