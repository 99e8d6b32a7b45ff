package io.keyquorum.cli.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyquorum.cli.session.CliNetwork;
import io.keyquorum.cli.session.CliNetwork.Run;
import io.keyquorum.registry.command.AttestorInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static CliNetwork network;

  @BeforeAll
  static void start() throws Exception {
    network = new CliNetwork(dir, 4, "watcher", List.of());
  }

  @AfterAll
  static void stop() {
    network.close();
  }

  @Test
  void status_json_reportsHeightAndEachAttestorsHealthHeightAndKey_andAStoppedOneAsDown() throws Exception {
    network.cluster.stop(4);
    try {
      Run run = network.kq("status", "--json");
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode status = JSON.readTree(run.out());
      long height = network.cluster.registry().state().height();
      assertThat(status.get("registryHeight").asLong()).isEqualTo(height);
      assertThat(status.get("attestors")).hasSize(4);
      for (JsonNode a : status.get("attestors")) {
        List<String> fields = new ArrayList<>();
        a.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).startsWith("id", "endpoint", "healthy", "latencyMs", "height");
        assertThat(fields).contains("publicKey");
        AttestorInfo info = network.cluster.registry().state().governance().orElseThrow()
            .attestor(a.get("id").asText()).orElseThrow();
        assertThat(a.get("endpoint").asText()).isEqualTo(info.endpoint());
        assertThat(Base64.getDecoder().decode(a.get("publicKey").asText())).isEqualTo(info.signingKey().raw());
        if (a.get("id").asText().equals("attestor-4")) {
          assertThat(a.get("healthy").asBoolean()).isFalse();
          assertThat(a.get("height").isNull()).isTrue();
          assertThat(a.get("error").asText()).isNotEmpty();
        } else {
          assertThat(a.get("healthy").asBoolean()).isTrue();
          assertThat(a.get("height").asLong()).isEqualTo(height);
          assertThat(a.get("latencyMs").asLong()).isNotNegative();
        }
      }
      Run text = network.kq("status");
      assertThat(text.out()).contains("registry height: " + height).contains("3 of 4 attestors healthy")
          .containsPattern("attestor-4 +127\\.0\\.0\\.1:\\d+ +DOWN");
    } finally {
      network.cluster.restart(4);
    }
  }

  @Test
  void attestorWithABrokenLocalPolicy_isShownDegradedWithItsError() throws Exception {
    String problem = "local policy not in force, every request is denied: local policy version 0a1b2c3d4e5f"
        + " does not compile: rule 1 (line 5): when 1:14: found no matching overload";
    network.cluster.attestor(2).problems(List.of(problem + "\u001b[2J"));
    try {
      // The orchestrator reuses one status fan-out for 1 s, so an earlier call's answer may still
      // be served: wait until the report reflects the change, then check it.
      await().atMost(Duration.ofSeconds(10)).until(() -> network.kq("status", "--json").out().contains("[2J"));
      Run run = network.kq("status", "--json");
      assertThat(run.exitCode()).as(run.err()).isZero();
      for (JsonNode a : JSON.readTree(run.out()).get("attestors")) {
        if (a.get("id").asText().equals("attestor-2")) {
          assertThat(a.get("healthy").asBoolean()).isTrue();
          // Control characters from an attestor never reach the user's terminal.
          assertThat(a.get("problems")).singleElement().satisfies(p ->
              assertThat(p.asText()).isEqualTo(problem + " [2J"));
        } else if (a.get("healthy").asBoolean()) {
          assertThat(a.get("problems")).isEmpty();
        }
      }
      Run text = network.kq("status");
      assertThat(text.out()).containsPattern("attestor-2 +127\\.0\\.0\\.1:\\d+ +DEGRADED")
          .contains("  attestor-2: " + problem)
          .contains("1 with problems");
    } finally {
      network.cluster.attestor(2).problems(List.of());
    }
  }
}
