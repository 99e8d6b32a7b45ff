package io.keyquorum.cli.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.attestor.AttestorConfig;
import io.keyquorum.attestor.RegistryReplication;
import io.keyquorum.cli.Kq;
import io.keyquorum.client.ClientProfile;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.orchestrator.node.OrchestratorConfig;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NetworkInitCommandTest {
  @TempDir Path tmp;

  private int run(StringWriter err, String... args) {
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void init_writesLoadableConfigs_consensusPortIsGrpcPlus1000_andGenesisSignedByTheAdmin() throws Exception {
    Path out = tmp.resolve("net");
    int exit = run(new StringWriter(), "network", "init", "--out", out.toString(),
        "--attestors", "a1.example:7443,a2.example:7443,a3.example:7443,a4.example:7443",
        "--orchestrator", "kq.example:7400");
    assertThat(exit).isZero();

    for (int i = 1; i <= 4; i++) {
      AttestorConfig c = AttestorConfig.load(out.resolve("attestor-" + i + "/attestor.yaml"));
      assertThat(c.nodeId()).isEqualTo("attestor-" + i);
      RegistryReplication r = c.registry().orElseThrow();
      assertThat(r.replicas()).hasSize(4);
      assertThat(r.replicas().get(i - 1).host()).isEqualTo("a" + i + ".example");
      assertThat(r.replicas().get(i - 1).port()).isEqualTo(8443);
      assertThat(r.listen().getPort()).isEqualTo(8443);
      assertThat(c.listen().getPort()).isEqualTo(7443);
      assertThat(Files.exists(c.dataDir().resolve("identity.sealed"))).isTrue();
      assertThat(Files.getPosixFilePermissions(c.passphraseFile()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(new NodeTlsDirectory(c.tlsDir()).readCredentials().nodeId()).isEqualTo("attestor-" + i);
    }
    OrchestratorConfig orchestrator = OrchestratorConfig.load(out.resolve("orchestrator/orchestrator.yaml"));
    assertThat(orchestrator.registry().orElseThrow().replicas()).hasSize(4);
    assertThat(orchestrator.clientListen().getPort()).isEqualTo(7400);

    ClientProfile profile = ClientProfile.load(out.resolve("client.json"));
    assertThat(profile.endpoint()).isEqualTo("kq.example:7400");
    Ed25519PublicKey admin = profile.readIdentityKey().publicKey();
    assertThat(admin.raw()).isEqualTo(orchestrator.genesisAuthority());
    Genesis genesis = (Genesis) SignedCommand.decode(Files.readAllBytes(out.resolve(NetworkLayout.GENESIS_FILE)))
        .open(admin);
    assertThat(genesis.f()).isEqualTo(1);
    // The profile pins the network: the hash of exactly the genesis that kq network genesis submits.
    assertThat(profile.genesisHash())
        .isEqualTo(SignedCommand.decode(Files.readAllBytes(out.resolve(NetworkLayout.GENESIS_FILE))).genesisHash());
    assertThat(genesis.attestors()).extracting(io.keyquorum.registry.command.AttestorInfo::endpoint)
        .containsExactly("a1.example:7443", "a2.example:7443", "a3.example:7443", "a4.example:7443");
    assertThat(Files.getPosixFilePermissions(out.resolve("ca/ca-key.pem")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void init_refusesFewerThanFourAttestors_andAnExistingNetwork() throws Exception {
    StringWriter err = new StringWriter();
    assertThat(run(err, "network", "init", "--out", tmp.resolve("x").toString(), "--attestors", "h:1,h:2,h:3"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("at least 4 attestors");
    Files.createDirectories(tmp.resolve("y/ca"));
    StringWriter err2 = new StringWriter();
    assertThat(run(err2, "network", "init", "--out", tmp.resolve("y").toString(), "--attestors", "h:1,h:2,h:3,h:4"))
        .isEqualTo(2);
    assertThat(err2.toString()).contains("already holds a network");
  }
}
