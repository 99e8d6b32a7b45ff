package io.keyquorum.rpc.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkCaTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final NetworkCa CA = NetworkCa.generate("test-net", NOW, new SecureRandom());

  @Test
  void caCertificate_isSelfSignedP256CaWithPathLenZeroValidForTenYears() throws Exception {
    X509Certificate ca = CA.certificate();
    ca.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).isEqualTo(0);
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
    assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    Duration validity = Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant());
    assertThat(validity).isBetween(Duration.ofDays(3650), Duration.ofDays(3651));
  }

  @Test
  void issuedCertificate_carriesNodeIdHostsAndBothTlsUsages() throws Exception {
    NodeCredentials node =
        CA.issue(NodeCertificateSpec.forNode("attestor-1", "attestor-1.example", "10.1.2.3"), NOW);
    X509Certificate cert = node.certificate();

    cert.verify(CA.certificate().getPublicKey());
    assertThat(node.nodeId()).isEqualTo("attestor-1");
    assertThat(cert.getSubjectX500Principal().getName()).contains("CN=attestor-1");
    assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    // digitalSignature only: TLS 1.3 ECDSA needs nothing more, and keyCertSign must be absent.
    assertThat(cert.getKeyUsage()).startsWith(true, false, false, false, false, false);
    assertThat(cert.getExtendedKeyUsage())
        .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(cert.getSubjectAlternativeNames())
        .contains(
            List.of(6, "keyquorum://node/attestor-1"),
            List.of(2, "localhost"),
            List.of(2, "attestor-1.example"),
            List.of(7, "127.0.0.1"),
            List.of(7, "10.1.2.3"));
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(730)));
    assertThat(cert.getNotBefore().toInstant()).isBefore(NOW);
  }

  @Test
  void serials_areDistinctAndPositive() {
    NodeCredentials a = CA.issue(NodeCertificateSpec.forNode("a"), NOW);
    NodeCredentials b = CA.issue(NodeCertificateSpec.forNode("a"), NOW);
    assertThat(a.certificate().getSerialNumber()).isPositive()
        .isNotEqualTo(b.certificate().getSerialNumber());
  }

  @Test
  void clientIds_withColon_areValidNodeIds() {
    NodeCredentials client = CA.issue(NodeCertificateSpec.forNode("client:app-1"), NOW);
    assertThat(CertificateNodeId.of(client.certificate())).isEqualTo("client:app-1");
  }

  @Test
  void malformedNodeIds_areRejectedNamingTheId() {
    for (String bad : new String[] {"", "-leading-dash", "has space", "slash/inside", "x".repeat(129)}) {
      assertThatThrownBy(() -> NodeCertificateSpec.forNode(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid node id");
    }
  }

  @Test
  void badSanEntries_areRejected() {
    assertThatThrownBy(() -> new NodeCertificateSpec("n", List.of("bad host"), List.of(),
        Duration.ofDays(1))).hasMessageContaining("invalid SAN DNS name");
    assertThatThrownBy(() -> new NodeCertificateSpec("n", List.of(), List.of("not-an-ip"),
        Duration.ofDays(1))).hasMessageContaining("invalid SAN IP address");
  }

  @Test
  void caLoadedWithAnotherKey_isRejected() {
    NetworkCa other = NetworkCa.generate("other-net", NOW, new SecureRandom());
    assertThatThrownBy(() -> NetworkCa.of(CA.certificate(), other.privateKey(), new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void caLoadedFromItsParts_issuesCertificatesThatVerifyUnderIt() throws Exception {
    NetworkCa reloaded = NetworkCa.of(CA.certificate(), CA.privateKey(), new SecureRandom());
    reloaded.issue(NodeCertificateSpec.forNode("n"), NOW).certificate()
        .verify(CA.certificate().getPublicKey());
  }

  @Test
  void nodeCertificate_cannotBeLoadedAsCa() {
    NodeCredentials node = CA.issue(NodeCertificateSpec.forNode("n"), NOW);
    assertThatThrownBy(() -> NetworkCa.of(node.certificate(), node.privateKey(), new SecureRandom()))
        .hasMessageContaining("not a CA");
  }

  @Test
  void toString_neverShowsKeys() {
    NodeCredentials node = CA.issue(NodeCertificateSpec.forNode("n"), NOW);
    assertThat(node.toString()).contains("n").contains("redacted");
    assertThat(CA.toString()).contains("redacted");
  }
}
