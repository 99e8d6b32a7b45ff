package io.keyquorum.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyquorum.attestor.SoftHsm2;
import io.keyquorum.cli.Kq;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kq dev --custody pkcs11}: five attestor processes, each keeping its shares under its own
 * SoftHSM2 token. The network serves create, datakey, decrypt and rotate; a token pulled from under
 * a running attestor makes it refuse by name while the others carry the quorum; once the token is
 * back and the attestor restarted, it serves again with every share it held. Without SoftHSM2
 * this test fails, naming the package.
 */
class Pkcs11DevNetworkTest {
  private static final Duration READY = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killEverything() throws Exception {
    processes.forEach(Process::destroyForcibly);
    DevProcesses.killAllNodes(tmp.resolve("net"));
  }

  record Run(int exit, String out, String err) {}

  private static Run kq(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static JsonNode ok(Run run) throws Exception {
    assertThat(run.exit()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private static JsonNode attestor(String profile, String id) throws Exception {
    for (JsonNode a : ok(kq("status", "--json", "--profile", profile)).get("attestors")) {
      if (a.get("id").asText().equals(id)) {
        return a;
      }
    }
    throw new AssertionError("no " + id + " in kq status");
  }

  @Test
  void tokenCustodyNetwork_servesEveryOperation_survivesAPulledToken_andServesAgainAfterRestart() throws Exception {
    SoftHsm2.missing().ifPresent(m -> fail("kq dev --custody pkcs11 needs SoftHSM2: " + m));
    Path dir = tmp.resolve("net");
    DevProcesses.Dev dev = DevProcesses.start(dir, tmp.resolve("dev1.err"), "--attestors", "5", "--threshold", "3",
        "--custody", "pkcs11");
    processes.add(dev.process());
    DevProcesses.awaitReady(dev, READY);
    String profile = dir.resolve("client.json").toString();
    assertThat(DevProcesses.stderrOf(dev)).contains("keep their keys in SoftHSM2 tokens");
    for (int i = 1; i <= 5; i++) {
      assertThat(dir.resolve("attestor-" + i + "/data/custody.kind")).content().startsWith("pkcs11\nattestor-" + i);
      // The PIN lives with the token, outside the attestor's folder.
      assertThat(dir.resolve("tokens/attestor-" + i + "/pin")).exists();
      assertThat(dir.resolve("attestor-" + i + "/pin")).doesNotExist();
    }

    ok(kq("key", "create", "--alias", "app-key", "--threshold", "3", "--json", "--profile", profile));
    JsonNode v1 = ok(kq("datakey", "--key", "app-key", "--json", "--profile", profile));
    ok(kq("key", "rotate", "app-key", "--json", "--profile", profile));
    JsonNode v2 = ok(kq("datakey", "--key", "app-key", "--json", "--profile", profile));
    JsonNode demo = ok(kq("datakey", "--key", "demo", "--json", "--profile", profile));
    assertDecrypts(profile, v1);
    assertDecrypts(profile, v2);

    // Pull attestor-1's token out from under it.
    Path store = dir.resolve("tokens/attestor-1/store");
    Path away = tmp.resolve("attestor-1-token-away");
    Files.move(store, away);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(attestor(profile, "attestor-1").path("problems").toString()).contains("PKCS11_TOKEN_FAILED"));
    Run text = kq("status", "--profile", profile);
    assertThat(text.out()).contains("DEGRADED", "custody unavailable");
    // The other four carry the quorum, without attestor-1.
    JsonNode carried = ok(kq("datakey", "--key", "demo", "--json", "--profile", profile));
    assertThat(carried.get("attestations").findValuesAsText("attestor")).doesNotContain("attestor-1");
    assertDecrypts(profile, demo);

    // With two more down, attestor-1's refusal is what stops the quorum, and it is named.
    for (String node : List.of("attestor-2", "attestor-3")) {
      ProcessHandle.of(DevProcesses.pid(dir, node)).orElseThrow().destroyForcibly();
    }
    Run refused = kq("datakey", "--key", "demo", "--profile", profile);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("attestor-1", "custody unavailable");

    // The token is back, but SunPKCS11 does not recover: custody restarts with the attestor process.
    Files.move(away, store);
    ProcessHandle old = ProcessHandle.of(DevProcesses.pid(dir, "attestor-1")).orElseThrow();
    old.destroy();
    old.onExit().get(30, TimeUnit.SECONDS);
    processes.add(restartAttestor(dir, "attestor-1"));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      JsonNode a = attestor(profile, "attestor-1");
      assertThat(a.get("healthy").asBoolean()).as(a.toString()).isTrue();
      assertThat(a.path("problems").size()).as(a.toString()).isZero();
    });
    // Only attestors 1, 4 and 5 run: every version needs attestor-1's share, and it has them all.
    for (JsonNode blob : List.of(v1, v2, demo)) {
      assertDecrypts(profile, blob);
    }
    JsonNode after = ok(kq("datakey", "--key", "app-key", "--json", "--profile", profile));
    assertThat(after.get("attestations").findValuesAsText("attestor")).contains("attestor-1");

    // The whole network restarts from its folders and tokens.
    old = ProcessHandle.of(DevProcesses.pid(dir, "attestor-1")).orElseThrow();
    dev.process().destroy();
    assertThat(dev.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    old.destroy();
    old.onExit().get(30, TimeUnit.SECONDS);
    DevProcesses.Dev again = DevProcesses.start(dir, tmp.resolve("dev2.err"));
    processes.add(again.process());
    DevProcesses.awaitReady(again, READY);
    assertDecrypts(profile, v1);
    ok(kq("datakey", "--key", "app-key", "--json", "--profile", profile));
  }

  private static void assertDecrypts(String profile, JsonNode datakey) throws Exception {
    JsonNode back = ok(kq("decrypt", "--blob", datakey.get("ciphertextBlob").asText(), "--json", "--profile", profile));
    assertThat(back.get("plaintext").asText()).isEqualTo(datakey.get("plaintext").asText());
  }

  /** As an operator's supervisor would: the attestor alone, with its token's SOFTHSM2_CONF. */
  private static Process restartAttestor(Path dir, String id) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), "io.keyquorum.cli.Kq", "attestor", "--config",
        dir.resolve(id + "/attestor.yaml").toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(id + "/log").toFile()));
    pb.environment().put(SoftHsm2.CONF_ENV, dir.resolve("tokens/" + id + "/softhsm2.conf").toString());
    Process p = pb.start();
    Files.writeString(dir.resolve(id + "/pid"), p.pid() + "\n");
    return p;
  }
}
