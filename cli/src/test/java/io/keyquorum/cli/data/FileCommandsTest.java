package io.keyquorum.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.CliNetwork;
import io.keyquorum.cli.session.CliNetwork.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** encrypt / decrypt-file through the real command line, streaming a few MiB. */
class FileCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static CliNetwork network;

  @BeforeAll
  static void start() throws Exception {
    network = new CliNetwork(dir, 4, "files", List.of("key-creator"));
    Files.writeString(dir.resolve("allow.yaml"), "policy: allow-all\nrules:\n  - effect: allow\n    when: \"true\"\n");
    Run created = network.kq("key", "create", "--alias", "files", "--policy", dir.resolve("allow.yaml").toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
  }

  @AfterAll
  static void stop() {
    network.close();
  }

  @Test
  void encryptThenDecryptFile_roundTripsSeveralMiB_inBothDeliveryModes() throws Exception {
    byte[] data = new byte[3 * 1024 * 1024 + 12345];
    new Random(7).nextBytes(data);
    Path plain = dir.resolve("data.bin");
    Files.write(plain, data);
    for (String mode : List.of("client", "orchestrator")) {
      Path sealed = dir.resolve("data-" + mode + ".kq");
      Path opened = dir.resolve("data-" + mode + ".out");
      Run enc = network.kq("encrypt", "--key", "files", "--in", plain.toString(), "--out", sealed.toString(),
          "--context", "case=42", "--delivery", mode, "--json");
      assertThat(enc.exitCode()).as(enc.err()).isZero();
      JsonNode result = JSON.readTree(enc.out());
      assertThat(result.get("plaintextBytes").asLong()).isEqualTo(data.length);
      assertThat(Files.size(sealed)).isGreaterThan(data.length);
      assertThat(enc.err()).as("no progress bar without a terminal").isEmpty();

      Run dec = network.kq("decrypt-file", "--in", sealed.toString(), "--out", opened.toString(),
          "--context", "case=42", "--delivery", mode);
      assertThat(dec.exitCode()).as(dec.err()).isZero();
      assertThat(dec.out()).contains("decrypted " + data.length + " bytes");
      assertThat(Files.readAllBytes(opened)).isEqualTo(data);
    }
  }

  @Test
  void decryptFile_ofATamperedFile_exits1_andLeavesNoOutput() throws Exception {
    byte[] data = new byte[200_000];
    new Random(8).nextBytes(data);
    Path plain = dir.resolve("t.bin");
    Files.write(plain, data);
    Path sealed = dir.resolve("t.kq");
    assertThat(network.kq("encrypt", "--key", "files", "--in", plain.toString(), "--out", sealed.toString())
        .exitCode()).isZero();
    byte[] bytes = Files.readAllBytes(sealed);
    bytes[bytes.length - 100] ^= 1;
    Files.write(sealed, bytes);
    Path out = dir.resolve("t.out");
    Run dec = network.kq("decrypt-file", "--in", sealed.toString(), "--out", out.toString(), "--json");
    assertThat(dec.exitCode()).isEqualTo(ExitCodes.DENIED);
    assertThat(JSON.readTree(dec.err()).at("/error/kind").asText()).isEqualTo("invalid-ciphertext");
    assertThat(out).doesNotExist();
  }

  private static Path encryptWithContext(String name, byte[] data, String... context) throws Exception {
    Path plain = dir.resolve(name + ".bin");
    Files.write(plain, data);
    Path sealed = dir.resolve(name + ".kq");
    List<String> args = new java.util.ArrayList<>(List.of("encrypt", "--key", "files", "--in", plain.toString(),
        "--out", sealed.toString()));
    for (String entry : context) {
      args.add("--context");
      args.add(entry);
    }
    Run enc = network.kq(args.toArray(String[]::new));
    assertThat(enc.exitCode()).as(enc.err()).isZero();
    return sealed;
  }

  @Test
  void decryptFile_withoutContext_usesTheHeadersContext() throws Exception {
    byte[] data = new byte[70_000];
    new Random(9).nextBytes(data);
    Path sealed = encryptWithContext("ctx", data, "case=42", "tenant=acme");
    Path opened = dir.resolve("ctx.out");
    Run dec = network.kq("decrypt-file", "--in", sealed.toString(), "--out", opened.toString());
    assertThat(dec.exitCode()).as(dec.err()).isZero();
    assertThat(Files.readAllBytes(opened)).isEqualTo(data);

    Path partial = dir.resolve("ctx-partial.out");
    Run subset = network.kq("decrypt-file", "--in", sealed.toString(), "--out", partial.toString(),
        "--context", "tenant=acme");
    assertThat(subset.exitCode()).as("a subset of the header's context is enough: %s", subset.err()).isZero();
    assertThat(Files.readAllBytes(partial)).isEqualTo(data);
  }

  @Test
  void decryptFile_withAMismatchedContextEntry_isRefused() throws Exception {
    Path sealed = encryptWithContext("mismatch", new byte[5000], "case=42", "tenant=acme");
    Path out = dir.resolve("mismatch.out");
    Run wrongValue = network.kq("decrypt-file", "--in", sealed.toString(), "--out", out.toString(),
        "--context", "tenant=acme", "--context", "case=43", "--json");
    assertThat(wrongValue.exitCode()).isEqualTo(ExitCodes.DENIED);
    JsonNode error = JSON.readTree(wrongValue.err()).get("error");
    assertThat(error.get("kind").asText()).isEqualTo("invalid-ciphertext");
    assertThat(error.get("message").asText()).contains("encryption context mismatch").contains("\"case\"")
        .contains("\"42\"").contains("\"43\"");

    Run missing = network.kq("decrypt-file", "--in", sealed.toString(), "--out", out.toString(),
        "--context", "region=eu");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.DENIED);
    assertThat(missing.err()).contains("encryption context mismatch").contains("\"region\"");
    assertThat(out).doesNotExist();
  }

  @Test
  void encrypt_ofAMissingInput_isAUsageError() {
    Run run = network.kq("encrypt", "--key", "files", "--in", dir.resolve("missing").toString(),
        "--out", dir.resolve("x.kq").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("is not a readable file");
  }

  @Test
  void progressBar_drawsOncePerPercent_andEndsWithANewline() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), 1000);
    bar.bytesProcessed(0);
    bar.bytesProcessed(1);
    bar.bytesProcessed(500);
    bar.bytesProcessed(1000);
    String[] frames = text.toString().split("\r", -1);
    assertThat(frames).hasSize(4); // "", 0%, 50%, 100%
    assertThat(frames[2]).contains(" 50%").contains("###############               ]");
    assertThat(frames[3]).contains("100%").endsWith(System.lineSeparator());
  }
}
