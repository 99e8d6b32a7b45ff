package io.keyquorum.cli.session;

import io.keyquorum.cli.Kq;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.orchestrator.flow.FlowSettings;
import io.keyquorum.orchestrator.testing.TestCluster;
import io.keyquorum.rpc.pki.PemFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A TLS test network (orchestrator + test attestors on loopback) plus the files a user of kq would
 * have: ca.pem, a client profile and key, and the genesis admin's key file. {@link #kq} runs the
 * command line in-process and captures stdout, stderr and the exit code.
 */
public final class CliNetwork implements AutoCloseable {
  public record Run(int exitCode, String out, String err) {}

  public final TestCluster cluster;
  public final Path profile;
  public final Path adminKey;
  public final Path dir;

  public CliNetwork(Path dir, int attestors, String clientId, List<String> roles) throws IOException {
    this.dir = dir;
    cluster = new TestCluster(attestors, (attestors - 1) / 3, FlowSettings.defaults());
    Ed25519PrivateKey clientKey = cluster.registerClient(clientId, roles, Map.of("dept", "finance"));
    PemFiles.writeCertificates(dir.resolve("ca.pem"), List.of(cluster.caCertificate()));
    writeSeed(dir.resolve("client.key"), clientKey);
    adminKey = dir.resolve("admin.key");
    writeSeed(adminKey, cluster.adminKey());
    profile = dir.resolve("profile.json");
    Files.writeString(profile, "{\"endpoint\": \"127.0.0.1:" + cluster.orchestratorPort() + "\", \"caCert\": \"ca.pem\", "
        + "\"genesisHash\": \"" + cluster.genesisHash().hex() + "\", \"clientId\": \"" + clientId
        + "\", \"identityKey\": \"client.key\", \"orchestratorId\": \"" + TestCluster.ORCHESTRATOR + "\"}");
  }

  public static void writeSeed(Path file, Ed25519PrivateKey key) throws IOException {
    try (SecretBytes seed = key.seed(SecretAccess.INSTANCE)) {
      Files.write(file, HexFormat.of().formatHex(seed.toByteArray(SecretAccess.INSTANCE)).getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** Runs kq with {@code --profile} added after the command words given in {@code args}. */
  public Run kq(String... args) {
    return run(withProfile(args));
  }

  /** Admin options for commands the genesis admin signs. */
  public String[] admin() {
    return new String[] {"--admin-id", TestCluster.ADMIN, "--admin-key", adminKey.toString()};
  }

  public String[] withProfile(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--profile");
    all.add(profile.toString());
    return all.toArray(String[]::new);
  }

  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Override
  public void close() {
    cluster.close();
  }
}
