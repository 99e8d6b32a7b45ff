package io.keyquorum.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.Kq;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PolicyTestCommandTest {
  private static final String POLICY = """
      policy: finance-only
      rules:
        - effect: allow
          capabilities: [generate-data-key, decrypt]
          when: request.context["dept"] == "finance" && client.attributes["team"] == "payments"
        - effect: deny
          when: request.context["env"] == "prod" && request.time.getHours("UTC") < 6
      """;
  private static final String REQUEST = """
      {"request": {"keyId": "k1", "capabilities": ["decrypt"], "context": {"dept": "finance"},
                   "time": "2026-12-01T10:00:00Z"},
       "client": {"id": "app-1", "roles": ["reader"], "attributes": {"team": "payments"}},
       "attestor": {"id": "attestor-1", "labels": {}}}
      """;

  @TempDir Path dir;
  private Path policy;
  private Path request;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws Exception {
    policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
    request = Files.writeString(dir.resolve("request.json"), REQUEST);
  }

  private int run(String... args) {
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private int test(String... extra) {
    String[] base = {"policy", "test", "--policy", policy.toString(), "--request", request.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return run(args);
  }

  @Test
  void allowedRequest_exits0AndExplains() {
    assertThat(test()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo("""
        ALLOW (allow by rule 0)
        policy: finance-only
          rule 0 allow [decrypt, generate-data-key]: matched - condition is true
          rule 1 deny [all]: not matched - condition is false
        uncovered capabilities: none
        """);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void deniedRequest_exits1AndNamesTheDenyingRule() throws Exception {
    Files.writeString(request, REQUEST.replace("\"dept\": \"finance\"",
        "\"dept\": \"finance\", \"env\": \"prod\"").replace("T10:", "T03:"));
    assertThat(test()).isEqualTo(ExitCodes.DENIED);
    assertThat(out.toString()).startsWith("DENY (deny by rule 1)\n")
        .contains("rule 1 deny [all]: matched - condition is true");
  }

  @Test
  void uncoveredCapability_isListed() throws Exception {
    Files.writeString(request, REQUEST.replace("[\"decrypt\"]", "[\"decrypt\", \"release\"]"));
    assertThat(test()).isEqualTo(ExitCodes.DENIED);
    assertThat(out.toString()).startsWith("DENY (deny by default (uncovered: release))")
        .endsWith("uncovered capabilities: release\n");
  }

  @Test
  void jsonOutput_isMachineReadable() throws Exception {
    assertThat(test("--json")).isEqualTo(ExitCodes.OK);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("decision").asText()).isEqualTo("allow");
    assertThat(json.get("policy").asText()).isEqualTo("finance-only");
    assertThat(json.at("/basis/kind").asText()).isEqualTo("allow-rules");
    assertThat(json.at("/basis/rules/0").asInt()).isZero();
    assertThat(json.at("/rules/1/outcome").asText()).isEqualTo("not-matched");
    assertThat(json.at("/rules/0/capabilities/1").asText()).isEqualTo("generate-data-key");
    assertThat(json.get("uncoveredCapabilities")).isEmpty();
  }

  @Test
  void invalidPolicy_exits2WithRuleIndexAndPosition() throws Exception {
    Files.writeString(policy, POLICY.replace("client.attributes", "client.attribs"));
    assertThat(test()).isEqualTo(ExitCodes.INVALID);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEqualTo("kq: invalid policy " + policy
        + ": rule 0 (line 5): when 1:47: undefined field 'attribs'" + System.lineSeparator());
  }

  @Test
  void invalidRequest_exits2NamingTheField() throws Exception {
    Files.writeString(request, REQUEST.replace("\"keyId\": \"k1\"", "\"keyId\": 1"));
    assertThat(test()).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("invalid request").contains("request.keyId: required, must be a string");
  }

  @Test
  void missingFile_exits2() {
    policy = dir.resolve("absent.yaml");
    assertThat(test()).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("cannot read policy").contains("NoSuchFileException");
  }

  @Test
  void missingOption_isAUsageErrorExit2() {
    assertThat(run("policy", "test", "--policy", policy.toString())).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("Missing required option: '--request=REQUEST.json'");
  }

  @Test
  void policyGroupWithoutSubcommand_exits2() {
    assertThat(run("policy")).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("Usage: kq policy");
  }
}
