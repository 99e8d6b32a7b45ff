package io.keyquorum.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyquorum.cli.Kq;
import io.keyquorum.protocol.DeliveryMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code kq bench} options and output format, without a network: options are checked before the profile. */
class BenchCommandTest {
  record Run(int exit, String out, String err) {}

  private static Run kq(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> argv = new ArrayList<>(List.of("bench", "--key", "demo", "--profile", "/nonexistent/profile.json"));
    argv.addAll(List.of(args));
    int exit = cli.execute(argv.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "--op datakey --rate 10 --concurrency 2 | --rate and --concurrency are mutually exclusive",
      "--op datakey | give --rate R (open loop) or --concurrency C (closed loop)",
      "--op datakey --concurrency 2 --duration 0s | --duration must be > 0",
      "--op datakey --rate 0 | --rate must be > 0",
      "--op datakey --concurrency 0 | --concurrency must be > 0",
      "--op datakey --rate 10 --max-in-flight 0 | --max-in-flight must be > 0",
      "--op datakey --concurrency 2 --max-in-flight 5 | --max-in-flight applies to --rate only",
      "--op datakey --concurrency 2 --duration 30 | expected a number and a unit (ms, s, m or h)",
      "--op sign --concurrency 2 | expected datakey, decrypt or release, got \"sign\"",
      "--op datakey --concurrency 2 --context nokey | --context nokey: expected KEY=VALUE",
  })
  void badOptions_exit2_withAMessageNamingTheOption_beforeAnyProfileIsRead(String args, String message) {
    Run run = kq(args.trim().split(" +"));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(message).doesNotContain("does not exist");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void goodOptions_reachTheProfile_whichIsNamedWhenMissing() {
    Run run = kq("--op", "release", "--concurrency", "1", "--duration", "1s");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("/nonexistent/profile.json does not exist");
  }

  @Test
  void badOptionsWithJson_giveAJsonUsageError() throws Exception {
    Run run = kq("--op", "datakey", "--rate", "1", "--concurrency", "1", "--json");

    assertThat(run.exit()).isEqualTo(2);
    JsonNode error = new ObjectMapper().readTree(run.err()).get("error");
    assertThat(error.get("kind").asText()).isEqualTo("usage");
    assertThat(error.get("message").asText()).isEqualTo("--rate and --concurrency are mutually exclusive");
  }

  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({"500ms, 500000000", "30s, 30000000000", "1.5s, 1500000000", "2m, 120000000000",
      "1h, 3600000000000", "0s, 0"})
  void durations_parseWithTheirUnit(String text, long nanos) {
    assertThat(DurationText.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @CsvSource({"30", "-1s", "s", "1.s", "10 days", "9999999h"})
  void durations_withoutAUnitOrOutOfRange_areRefused(String text) {
    assertThatThrownBy(() -> DurationText.parse(text)).isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining(text);
  }

  @Test
  void jsonReport_hasEveryContractField_inMilliseconds() throws Exception {
    Histogram micros = new Histogram(3);
    for (int i = 1; i <= 1_000; i++) {
      micros.recordValue(i * 100L); // 0.1 ms .. 100 ms, evenly
    }
    LoadReport report = new LoadReport(new LoadShape.OpenLoop(250, 64), Duration.ofSeconds(5), Duration.ofSeconds(4),
        4_000_000_000L, 1_000, 3, 2, Map.of("unreachable", 2L, "deadline", 1L), Map.of("deadline", "deadline 2s"),
        micros, 17, 2_500_000_000L);

    JsonNode json = new ObjectMapper().readTree(
        new ReportFormat(BenchOperation.RELEASE, DeliveryMode.ORCHESTRATOR).json(report).toString());

    assertThat(json.get("op").asText()).isEqualTo("release");
    assertThat(json.get("delivery").asText()).isEqualTo("orchestrator");
    assertThat(json.get("mode").asText()).isEqualTo("open");
    assertThat(json.get("rate").asDouble()).isEqualTo(250.0);
    assertThat(json.has("concurrency")).isFalse();
    assertThat(json.get("durationSeconds").asDouble()).isEqualTo(4.0);
    assertThat(json.get("throughput").asDouble()).isEqualTo(250.0);
    assertThat(json.get("p50Ms").asDouble()).isBetween(49.9, 50.1);
    assertThat(json.get("p90Ms").asDouble()).isBetween(89.9, 90.1);
    assertThat(json.get("p99Ms").asDouble()).isBetween(98.9, 99.1);
    assertThat(json.get("p999Ms").asDouble()).isBetween(99.8, 100.1);
    assertThat(json.get("maxMs").asDouble()).isBetween(99.9, 100.1);
    assertThat(json.get("ok").asLong()).isEqualTo(1_000);
    assertThat(json.get("errors").asLong()).isEqualTo(3);
    assertThat(json.get("dropped").asLong()).isEqualTo(2);
    assertThat(json.get("maxInFlightObserved").asInt()).isEqualTo(17);
    assertThat(json.get("errorKinds").get("unreachable").asLong()).isEqualTo(2);
    assertThat(json.get("errorKinds").get("deadline").asLong()).isEqualTo(1);
    assertThat(json.get("errorExamples").get("deadline").asText()).isEqualTo("deadline 2s");
    // 2.5 s of CPU over 1,003 answered requests.
    assertThat(json.get("clientCpuMs").asDouble()).isEqualTo(2_500.0);
    assertThat(json.get("clientCpuMsPerRequest").asDouble()).isEqualTo(2.493);
  }

  @Test
  void textReport_showsTheShapePercentilesAndErrorsByKind() {
    Histogram micros = new Histogram(3);
    micros.recordValue(12_000);
    LoadReport report = new LoadReport(new LoadShape.ClosedLoop(8), Duration.ZERO, Duration.ofSeconds(2),
        2_000_000_000L, 1, 1, 0, Map.of("insufficient-attestations", 1L),
        Map.of("insufficient-attestations", "2 of 3 needed"), micros, 8, LoadReport.CPU_UNKNOWN);

    String text = new ReportFormat(BenchOperation.DATAKEY, DeliveryMode.CLIENT).text(report);

    assertThat(text).contains("datakey, delivery client, closed loop, concurrency 8, 2s measured after 0s warm-up",
        "1 ok, 1 errors, 0 dropped", "throughput:  0.5 ok/s", "p50 12.0", "1 insufficient-attestations: 2 of 3 needed")
        .doesNotContain("client cpu");
  }
}
