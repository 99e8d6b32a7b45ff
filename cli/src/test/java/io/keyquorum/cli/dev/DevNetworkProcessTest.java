package io.keyquorum.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyquorum.cli.Kq;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * {@code kq dev} as a user runs it: a separate process that starts five attestors and the
 * orchestrator as processes. Commands run in-process against the printed profile; attestors are
 * killed with SIGKILL by pid file; the dev process is stopped with SIGTERM and rerun on the same
 * directory.
 */
class DevNetworkProcessTest {
  private static final Duration READY = Duration.ofSeconds(120);

  @TempDir Path tmp;
  private final List<Process> devs = new ArrayList<>();

  @AfterEach
  void killEverything() throws Exception {
    devs.forEach(Process::destroyForcibly);
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

  @Test
  void devNetwork_servesTheCliAndBenchLoad_survivesTwoKilledAttestors_andResumesWithItsKeysAfterRestart() throws Exception {
    Path dir = tmp.resolve("net");
    DevProcesses.Dev dev = DevProcesses.start(dir, tmp.resolve("dev1.err"), "--attestors", "5", "--threshold", "3");
    devs.add(dev.process());
    DevProcesses.awaitReady(dev, READY);
    String profile = dir.resolve("client.json").toString();
    assertThat(dev.stdout()).containsSubsequence("KEYQUORUM_PROFILE=" + profile, "ready");
    assertThat(DevProcesses.stderrOf(dev)).contains("genesis committed", "created key demo");

    Run created = kq("key", "create", "--alias", "app-key", "--threshold", "3", "--profile", profile);
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("ENABLED", "t=3");

    Run datakey = kq("datakey", "--key", "demo", "--json", "--profile", profile);
    assertThat(datakey.exit()).as(datakey.err()).isZero();
    JsonNode dk = new ObjectMapper().readTree(datakey.out());
    Run decrypt = kq("decrypt", "--blob", dk.get("ciphertextBlob").asText(), "--json", "--profile", profile);
    assertThat(decrypt.exit()).as(decrypt.err()).isZero();
    assertThat(new ObjectMapper().readTree(decrypt.out()).get("plaintext").asText())
        .isEqualTo(dk.get("plaintext").asText());
    Run release = kq("release", "--key", "app-key", "--profile", profile);
    assertThat(release.exit()).as(release.err()).isZero();
    Run status = kq("status", "--profile", profile);
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("network:         kq-dev", "attestor-1", "attestor-5");
    // Every attestor answers its health check over mutual TLS with its own registry height.
    JsonNode health = new ObjectMapper().readTree(kq("status", "--json", "--profile", profile).out());
    assertThat(health.get("attestors")).hasSize(5).allSatisfy(a -> {
      assertThat(a.get("healthy").asBoolean()).as(a.toString()).isTrue();
      assertThat(a.get("height").asLong()).as(a.toString()).isPositive();
    });

    assertBenchRunsCleanly(profile);

    // Two of five down: three attestors still approve a t = 3 key.
    for (String node : List.of("attestor-1", "attestor-2")) {
      ProcessHandle.of(DevProcesses.pid(dir, node)).orElseThrow().destroyForcibly();
    }
    Run degraded = kq("datakey", "--key", "demo", "--profile", profile);
    assertThat(degraded.exit()).as(degraded.err()).isZero();

    // A third down: no quorum, and the error names every attestor's status.
    ProcessHandle.of(DevProcesses.pid(dir, "attestor-3")).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pidQuietly(dir, "attestor-3"))
        .map(h -> !h.isAlive()).orElse(true));
    Run refused = kq("datakey", "--key", "demo", "--profile", profile);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("insufficient", "attestor-1", "attestor-2", "attestor-3", "attestor-4",
        "attestor-5");

    // SIGTERM stops kq dev and, through its shutdown hook, the nodes still running.
    long orchestratorPid = DevProcesses.pid(dir, "orchestrator");
    dev.process().destroy();
    assertThat(dev.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessHandle.of(orchestratorPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

    DevProcesses.Dev again = DevProcesses.start(dir, tmp.resolve("dev2.err"));
    devs.add(again.process());
    DevProcesses.awaitReady(again, READY);
    assertThat(DevProcesses.stderrOf(again)).doesNotContain("genesis committed", "created key");
    Run demo = kq("key", "describe", "demo", "--profile", profile);
    assertThat(demo.exit()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("ENABLED");
    Run appKey = kq("key", "describe", "app-key", "--profile", profile);
    assertThat(appKey.exit()).as(appKey.err()).isZero();
    Run afterRestart = kq("datakey", "--key", "demo", "--profile", profile);
    assertThat(afterRestart.exit()).as(afterRestart.err()).isZero();
  }

  @Test
  void zeroAttestors_orAThresholdAboveThem_areRefusedWithExit2() {
    Run none = kq("dev", "--dir", tmp.resolve("none").toString(), "--attestors", "0");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("--attestors must be >= 1");
    Run above = kq("dev", "--dir", tmp.resolve("above").toString(), "--attestors", "2", "--threshold", "3");
    assertThat(above.exit()).isEqualTo(2);
    assertThat(above.err()).contains("--threshold must be 1..2");
  }

  @Test
  void aThresholdBelowFPlusOne_isRefusedWithExit2() {
    Run below = kq("dev", "--dir", tmp.resolve("below").toString(), "--attestors", "5", "--threshold", "1");
    assertThat(below.exit()).isEqualTo(2);
    assertThat(below.err()).contains("--threshold must be 2..5 (f+1..n), got 1");
  }

  @Test
  void singleAttestorNetwork_warnsItToleratesNoFault_andServesBothDeliveryModes() throws Exception {
    Path dir = tmp.resolve("net");
    DevProcesses.Dev dev = DevProcesses.start(dir, tmp.resolve("dev-n1.err"), "--attestors", "1", "--threshold", "1");
    devs.add(dev.process());
    DevProcesses.awaitReady(dev, READY);
    String profile = dir.resolve("client.json").toString();
    assertThat(DevProcesses.stderrOf(dev)).contains("tolerates no faulty attestor", "created key demo", "t=1");
    for (String mode : List.of("client", "orchestrator")) {
      Run datakey = kq("datakey", "--key", "demo", "--delivery", mode, "--json", "--profile", profile);
      assertThat(datakey.exit()).as(datakey.err()).isZero();
      assertThat(new ObjectMapper().readTree(datakey.out()).get("attestations").findValuesAsText("attestor"))
          .containsExactly("attestor-1");
      Run release = kq("release", "--key", "demo", "--delivery", mode, "--profile", profile);
      assertThat(release.exit()).as(release.err()).isZero();
    }
  }

  @Test
  void rerunWhileANodeOfTheDirectoryStillRuns_isRefusedWithExit2() throws Exception {
    Path dir = tmp.resolve("busy");
    java.nio.file.Files.createDirectories(dir.resolve("ca"));
    java.nio.file.Files.createDirectories(dir.resolve("attestor-1"));
    // This test's own JVM stands in for a node left running.
    java.nio.file.Files.writeString(dir.resolve("attestor-1/pid"), ProcessHandle.current().pid() + "\n");
    Run run = kq("dev", "--dir", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("attestor-1 (pid " + ProcessHandle.current().pid() + ")", "still running");
  }

  /**
   * {@code kq bench} against the live network: each operation, both loop shapes and both delivery
   * modes complete with no error, and the open loop sends exactly its schedule.
   */
  private static void assertBenchRunsCleanly(String profile) throws Exception {
    Run closed = kq("bench", "--op", "datakey", "--key", "demo", "--duration", "3s", "--warmup", "1s",
        "--concurrency", "4", "--json", "--profile", profile);
    JsonNode c = benchReport(closed);
    assertThat(c.get("mode").asText()).isEqualTo("closed");
    assertThat(c.get("concurrency").asInt()).isEqualTo(4);
    assertThat(c.get("maxInFlightObserved").asInt()).isEqualTo(4);
    assertThat(closed.err()).contains("kq bench:", "done", "in flight");

    // 20/s for 2 s is due 40 times; with no errors and nothing dropped, all 40 succeeded.
    JsonNode open = benchReport(kq("bench", "--op", "datakey", "--key", "demo", "--duration", "2s", "--warmup", "0s",
        "--rate", "20", "--delivery", "orchestrator", "--quiet", "--json", "--profile", profile));
    assertThat(open.get("mode").asText()).isEqualTo("open");
    assertThat(open.get("delivery").asText()).isEqualTo("orchestrator");
    assertThat(open.get("ok").asLong()).isEqualTo(40);

    JsonNode decrypt = benchReport(kq("bench", "--op", "decrypt", "--key", "demo", "--duration", "2s", "--warmup",
        "0s", "--concurrency", "2", "--quiet", "--json", "--profile", profile));
    assertThat(decrypt.get("op").asText()).isEqualTo("decrypt");
    for (String delivery : List.of("client", "orchestrator")) {
      JsonNode release = benchReport(kq("bench", "--op", "release", "--key", "demo", "--duration", "1s", "--warmup",
          "0s", "--concurrency", "2", "--delivery", delivery, "--quiet", "--json", "--profile", profile));
      assertThat(release.get("op").asText()).isEqualTo("release");
      assertThat(release.get("delivery").asText()).isEqualTo(delivery);
    }
  }

  private static JsonNode benchReport(Run run) throws Exception {
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode r = new ObjectMapper().readTree(run.out());
    assertThat(r.get("ok").asLong()).as(r.toString()).isPositive();
    assertThat(r.get("errors").asLong()).as(r.toString()).isZero();
    assertThat(r.get("dropped").asLong()).as(r.toString()).isZero();
    assertThat(r.get("throughput").asDouble()).as(r.toString()).isPositive();
    assertThat(r.get("p50Ms").asDouble()).as(r.toString()).isPositive()
        .isLessThanOrEqualTo(r.get("p90Ms").asDouble());
    assertThat(r.get("p90Ms").asDouble()).isLessThanOrEqualTo(r.get("p99Ms").asDouble());
    assertThat(r.get("p99Ms").asDouble()).isLessThanOrEqualTo(r.get("p999Ms").asDouble());
    assertThat(r.get("p999Ms").asDouble()).isLessThanOrEqualTo(r.get("maxMs").asDouble());
    return r;
  }

  private static long pidQuietly(Path dir, String node) {
    try {
      return DevProcesses.pid(dir, node);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
