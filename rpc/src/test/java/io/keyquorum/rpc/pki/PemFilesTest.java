package io.keyquorum.rpc.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
  private static final NetworkCa CA = NetworkCa.generate("pem-net", Instant.now(), new SecureRandom());
  private static final NodeCredentials NODE = CA.issue(NodeCertificateSpec.forNode("node-1"), Instant.now());

  @TempDir Path dir;

  @Test
  void certificateChain_roundTripsThroughFile() throws Exception {
    Path file = dir.resolve("chain.pem");
    PemFiles.writeCertificates(file, List.of(NODE.certificate(), CA.certificate()));
    assertThat(PemFiles.readCertificates(file))
        .containsExactly(NODE.certificate(), CA.certificate());
    assertThat(Files.readString(file)).startsWith("-----BEGIN CERTIFICATE-----\n");
  }

  @Test
  void privateKey_roundTripsAndStillSignsForTheCertificate() throws Exception {
    Path file = dir.resolve("node.key");
    PemFiles.writePrivateKey(file, NODE.privateKey());
    PrivateKey read = PemFiles.readPrivateKey(file);

    byte[] message = "probe".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(read);
    signer.update(message);
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(NODE.certificate());
    verifier.update(message);
    assertThat(verifier.verify(signer.sign())).isTrue();
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
  }

  @Test
  void privateKeyFile_isOwnerOnly_evenWhenReplacingAWorldReadableFile() throws Exception {
    Path file = dir.resolve("node.key");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    PemFiles.writePrivateKey(file, NODE.privateKey());
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    try (var listing = Files.list(dir)) {
      assertThat(listing).as("no temp file left behind").containsExactly(file);
    }
  }

  @Test
  void credentials_reassembleFromFiles() throws Exception {
    PemFiles.writeCertificates(dir.resolve("c.pem"), List.of(NODE.certificate()));
    PemFiles.writePrivateKey(dir.resolve("k.pem"), NODE.privateKey());
    NodeCredentials loaded = NodeCredentials.of(
        PemFiles.readCertificate(dir.resolve("c.pem")), PemFiles.readPrivateKey(dir.resolve("k.pem")));
    assertThat(loaded.nodeId()).isEqualTo("node-1");
  }

  @Test
  void nodeTlsDirectory_roundTrips_andRefusesACertificateFromAnotherCa() throws Exception {
    NodeTlsDirectory tls = new NodeTlsDirectory(dir.resolve("node-1"));
    tls.write(CA.certificate(), NODE);

    assertThat(tls.readNetworkCa()).isEqualTo(CA.certificate());
    assertThat(tls.readCredentials().certificate()).isEqualTo(NODE.certificate());
    assertThat(Files.getPosixFilePermissions(dir.resolve("node-1").resolve(NodeTlsDirectory.KEY_FILE)))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    NetworkCa other = NetworkCa.generate("pem-net", Instant.now(), new SecureRandom());
    PemFiles.writeCertificates(dir.resolve("node-1").resolve(NodeTlsDirectory.CA_FILE),
        List.of(other.certificate()));
    assertThatThrownBy(tls::readCredentials).hasMessageContaining("was not issued by");
  }

  @Test
  void malformedPem_isRejectedNamingTheCause() {
    assertThatThrownBy(() -> PemFiles.decodeCertificates("no pem here"))
        .hasMessageContaining("no PEM CERTIFICATE block");
    assertThatThrownBy(() -> PemFiles.decodeCertificates(
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
        .hasMessageContaining("not a valid X.509 certificate");
    assertThatThrownBy(() -> PemFiles.decodePrivateKey(
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
        .hasMessageContaining("not a PKCS#8 EC key");
    String two = PemFiles.encodePrivateKey(NODE.privateKey()).repeat(2);
    assertThatThrownBy(() -> PemFiles.decodePrivateKey(two)).hasMessageContaining("found 2");
  }

  @Test
  void fingerprint_isStableAcrossEncodingsAndDistinguishesCertificates() {
    String pem = PemFiles.encodeCertificates(List.of(NODE.certificate()));
    CertificateFingerprint direct = CertificateFingerprint.of(NODE.certificate());
    CertificateFingerprint reparsed =
        CertificateFingerprint.of(PemFiles.decodeCertificates(pem).get(0));

    assertThat(reparsed).isEqualTo(direct);
    assertThat(direct.hex()).hasSize(64).matches("[0-9a-f]+");
    assertThat(CertificateFingerprint.parse(direct.hex().toUpperCase())).isEqualTo(direct);
    assertThat(direct.matches(NODE.certificate())).isTrue();
    assertThat(CertificateFingerprint.of(CA.certificate())).isNotEqualTo(direct);
    assertThat(direct.matches(CA.certificate())).isFalse();
    assertThatThrownBy(() -> CertificateFingerprint.parse("abcd")).hasMessageContaining("64 hex");
  }
}
