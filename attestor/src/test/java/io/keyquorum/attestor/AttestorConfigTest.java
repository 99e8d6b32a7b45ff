package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestorConfigTest {
  private static final String AUTHORITY = "5866666666666666666666666666666666666666666666666666666666666666";
  private static final String MINIMAL = "nodeId: attestor-1\ndataDir: data\nlisten: 127.0.0.1:7443\ntlsDir: tls\n"
      + "passphraseFile: pass\ngenesisAuthority: " + AUTHORITY + "\n";

  @TempDir Path dir;

  private AttestorConfig load(String yaml) throws Exception {
    return AttestorConfig.load(Files.writeString(dir.resolve("a.yaml"), yaml));
  }

  @Test
  void minimalConfig_getsDocumentedDefaults_andPathsRelativeToTheFile() throws Exception {
    AttestorConfig c = load(MINIMAL);
    assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
    assertThat(c.databaseFile()).isEqualTo(dir.resolve("data/attestor.db"));
    assertThat(c.settings().clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.settings().attestationTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.callThreads()).isEqualTo(8);
    assertThat(c.scryptN()).isEqualTo(1 << 15);
    assertThat(c.localPolicy()).isEmpty();
    assertThat(c.metricsListen()).isEmpty();
    assertThat(c.listen().getPort()).isEqualTo(7443);
  }

  @Test
  void missingRequiredField_isNamed() {
    assertThatThrownBy(() -> load(MINIMAL.replace("tlsDir: tls\n", "")))
        .hasMessageContaining("required field 'tlsDir' is missing");
  }

  @Test
  void unknownField_isRefusedNotIgnored() {
    assertThatThrownBy(() -> load(MINIMAL + "clockSkew: 10\n")).hasMessageContaining("clockSkew");
  }

  @Test
  void badValues_areRefusedWithTheirField() {
    assertThatThrownBy(() -> load(MINIMAL + "scryptN: 1000\n")).hasMessageContaining("scryptN must be a power of two");
    assertThatThrownBy(() -> load(MINIMAL.replace("127.0.0.1:7443", "nowhere"))).hasMessageContaining("listen");
    assertThatThrownBy(() -> load(MINIMAL + "attestationTtlSeconds: 0\n")).hasMessageContaining("TTL must be positive");
  }

  private static String registry(int replicas) {
    StringBuilder b = new StringBuilder("registry:\n  listen: 127.0.0.1:7543\n  viewTimeoutMillis: 400\n  replicas:\n");
    for (int i = 1; i <= replicas; i++) {
      b.append("    - {id: attestor-").append(i).append(", endpoint: \"10.0.0.").append(i)
          .append(":7543\", publicKey: ").append(AUTHORITY).append("}\n");
    }
    return b.toString();
  }

  @Test
  void noRegistrySection_meansTheSingleReplicaLog() throws Exception {
    assertThat(load(MINIMAL).registry()).isEmpty();
  }

  @Test
  void registrySection_namesTheReplicaSetInOrder_andMapsToThisNodesReplicaConfig() throws Exception {
    RegistryReplication r = load(MINIMAL + registry(4)).registry().orElseThrow();
    assertThat(r.replicas()).extracting(e -> e.nodeId())
        .containsExactly("attestor-1", "attestor-2", "attestor-3", "attestor-4");
    assertThat(r.replicas().get(2).host()).isEqualTo("10.0.0.3");
    assertThat(r.listen().getPort()).isEqualTo(7543);
    assertThat(r.viewTimeoutMillis()).isEqualTo(400);
    assertThat(r.submitTimeout()).isEqualTo(Duration.ofSeconds(30));
    var node = r.nodeConfig("attestor-2", dir.resolve("data"), dir.resolve("tls"),
        io.keyquorum.crypto.Ed25519PublicKey.of(java.util.HexFormat.of().parseHex(AUTHORITY)));
    assertThat(node.index()).isEqualTo(1);
    assertThat(node.identitySeedFile()).isNull();
  }

  @Test
  void registrySection_withNoReplica_orABadKey_orWithoutThisNode_isRefused() throws Exception {
    assertThatThrownBy(() -> load(MINIMAL + "registry:\n  listen: 127.0.0.1:7543\n  replicas: []\n"))
        .hasMessageContaining("at least 1 replica");
    // Fewer than four (f = 0) loads: kq dev runs 1/1 and 3/2 benchmark networks.
    assertThat(load(MINIMAL + registry(3)).registry().orElseThrow().replicas()).hasSize(3);
    assertThatThrownBy(() -> load(MINIMAL + registry(4).replaceFirst(AUTHORITY, "abcd")))
        .hasMessageContaining("registry.replicas[attestor-1].publicKey");
    RegistryReplication r = load(MINIMAL + registry(4)).registry().orElseThrow();
    assertThatThrownBy(() -> r.nodeConfig("attestor-9", dir, dir,
        io.keyquorum.crypto.Ed25519PublicKey.of(java.util.HexFormat.of().parseHex(AUTHORITY))))
        .hasMessageContaining("not among the replicas");
  }

  @Test
  void custodySection_namesTheTokenAndItsPinSource_neverThePin() throws Exception {
    AttestorConfig software = load(MINIMAL);
    assertThat(software.pkcs11()).isEmpty();
    assertThat(software.custodyKind()).isEqualTo(CustodyKind.SOFTWARE);
    AttestorConfig hsm = load(MINIMAL + "custody:\n  type: pkcs11\n  module: lib/p11.so\n  token: att-1\n"
        + "  slot: 42\n  pinFile: token-pin\n");
    Pkcs11Settings p = hsm.pkcs11().orElseThrow();
    assertThat(p.module()).isEqualTo(dir.resolve("lib/p11.so"));
    assertThat(p.slot()).contains(42L);
    assertThat(p.pinFile()).contains(dir.resolve("token-pin"));
    assertThat(hsm.custodyKind()).isEqualTo(CustodyKind.pkcs11("att-1"));
  }

  @Test
  void custodySection_withTwoPinSources_anUnknownType_orAPinField_isRefused() {
    String base = MINIMAL + "custody:\n  type: pkcs11\n  module: p11.so\n  token: att-1\n";
    assertThatThrownBy(() -> load(base + "  pinEnv: PIN\n  pinFile: pin\n")).hasMessageContaining("exactly one PIN source");
    assertThatThrownBy(() -> load(base)).hasMessageContaining("exactly one PIN source");
    assertThatThrownBy(() -> load(base.replace("type: pkcs11", "type: tpm") + "  pinEnv: PIN\n"))
        .hasMessageContaining("software or pkcs11");
    // A PIN written into the config itself is an unknown field, refused.
    assertThatThrownBy(() -> load(base + "  pin: 1234\n")).hasMessageContaining("pin");
    assertThatThrownBy(() -> load(base.replace("  module: p11.so\n", "") + "  pinEnv: PIN\n"))
        .hasMessageContaining("custody.module");
  }
}
