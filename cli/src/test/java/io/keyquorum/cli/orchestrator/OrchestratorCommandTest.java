package io.keyquorum.cli.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.Kq;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.v1.HealthRequest;
import io.keyquorum.rpc.v1.NodeHealthGrpc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OrchestratorCommandTest {
  private final SecureRandom random = new SecureRandom();

  private Path writeConfig(Path dir) throws Exception {
    NetworkCa ca = NetworkCa.generate("net-cli", Instant.now(), random);
    new NodeTlsDirectory(dir.resolve("tls")).write(ca.certificate(),
        ca.issue(NodeCertificateSpec.forNode("orchestrator-1"), Instant.now()));
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    Files.writeString(dir.resolve("orchestrator.key"), HexFormat.of().formatHex(seed) + "\n");
    Path config = dir.resolve("orchestrator.yaml");
    Files.writeString(config, """
        nodeId: orchestrator-1
        identityKey: orchestrator.key
        tlsDirectory: tls
        clientListen: 127.0.0.1:0
        genesisAuthority: %s
        registryLog: registry.db
        """.formatted(HexFormat.of().formatHex(Ed25519PrivateKey.generate(random).publicKey().raw())));
    return config;
  }

  @Test
  void orchestrator_printsReady_servesOverTls_andStopsCleanlyWhenSignalled(@TempDir Path dir) throws Exception {
    Path config = writeConfig(dir);
    OrchestratorCommand command = new OrchestratorCommand();
    CommandLine cli = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--config", config.toString()));
    await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("ready") || exit.isDone());
    assertThat(out.toString()).isEqualTo("ready" + System.lineSeparator());
    Matcher port = Pattern.compile("serving clients on port (\\d+)").matcher(err.toString());
    assertThat(port.find()).as(err.toString()).isTrue();

    ManagedChannel channel = NodeChannels.serverAuthenticated(new NodeTlsDirectory(dir.resolve("tls")).readNetworkCa(),
        "127.0.0.1", Integer.parseInt(port.group(1)), ChannelOptions.defaults());
    try {
      assertThat(NodeHealthGrpc.newBlockingStub(channel).check(HealthRequest.getDefaultInstance()).getNodeId())
          .isEqualTo("orchestrator-1");
    } finally {
      channel.shutdownNow();
    }
    command.stop.complete(null); // what the SIGTERM shutdown hook does
    assertThat(exit.get()).isEqualTo(ExitCodes.OK);
    assertThat(dir.resolve("registry.db")).exists();
  }

  @Test
  void orchestrator_withABadConfig_exits2AndNamesTheField(@TempDir Path dir) throws Exception {
    Path config = writeConfig(dir);
    Files.writeString(config, Files.readString(config) + "attestDeadlien: 2s\n");
    StringWriter err = new StringWriter();
    CommandLine cli = Kq.commandLine();
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("orchestrator", "--config", config.toString())).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("attestDeadlien");
  }
}
