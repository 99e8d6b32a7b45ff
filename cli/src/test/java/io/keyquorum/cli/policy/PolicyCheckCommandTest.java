package io.keyquorum.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.Kq;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PolicyCheckCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int check(String policy, String... more) throws Exception {
    Path file = Files.writeString(dir.resolve("local.yaml"), policy);
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    java.util.List<String> args = new java.util.ArrayList<>(
        java.util.List.of("policy", "check", "--policy", file.toString()));
    args.addAll(java.util.List.of(more));
    return cli.execute(args.toArray(String[]::new));
  }

  private static final String UNGUARDED = "policy: capped\nrules:\n  - effect: allow\n"
      + "  - effect: deny\n    when: int(request.context[\"amount\"]) > 1000\n";

  @Test
  void unguardedReadInADenyRule_warnsOnStderr_andExits0() throws Exception {
    assertThat(check(UNGUARDED)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo("valid: policy capped, 2 rules" + System.lineSeparator());
    assertThat(err.toString().lines().toList()).containsExactly(
        "kq: warning: " + dir.resolve("local.yaml") + ": rule 1 (line 5): when 1:4: int(...) converts a value "
            + "that may not convert (e.g. \"1e9\", \"\", or out of range); if it errors, this deny rule denies "
            + "(onError: deny)",
        "kq: warning: " + dir.resolve("local.yaml") + ": rule 1 (line 5): when 1:20: "
            + "request.context[\"amount\"] is read without a guard (\"amount\" in request.context or has(...)), "
            + "so a request without that key makes the condition error; if it errors, this deny rule denies "
            + "(onError: deny)");
  }

  @Test
  void json_listsTheWarnings() throws Exception {
    assertThat(check(UNGUARDED, "--json")).isEqualTo(ExitCodes.OK);
    com.fasterxml.jackson.databind.JsonNode result =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
    assertThat(result.get("valid").asBoolean()).isTrue();
    assertThat(result.get("policy").asText()).isEqualTo("capped");
    assertThat(result.get("warnings")).hasSize(2);
    assertThat(result.at("/warnings/1/rule").asInt()).isEqualTo(1);
    assertThat(result.at("/warnings/1/line").asInt()).isEqualTo(5);
    assertThat(result.at("/warnings/1/message").asText()).contains("is read without a guard");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void guardedDenyRule_hasNoWarnings() throws Exception {
    assertThat(check("policy: p\nrules:\n  - effect: allow\n  - effect: deny\n"
        + "    when: '\"env\" in request.context && request.context[\"env\"] == \"prod\"'\n"))
        .isEqualTo(ExitCodes.OK);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void unknownOnError_exits2NamingLineAndColumn() throws Exception {
    assertThat(check(UNGUARDED + "    onError: never\n")).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString())
        .contains("rule 1 (line 6, column 14): onError: must be 'deny' or 'skip', got 'never'");
  }

  @Test
  void validPolicy_exits0AndSaysSo() throws Exception {
    assertThat(check("policy: open\nrules:\n  - effect: allow\n  - effect: deny\n"))
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo("valid: policy open, 2 rules" + System.lineSeparator());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void invalidPolicy_exits2NamingRuleAndLine() throws Exception {
    assertThat(check("policy: p\nrules:\n  - effect: allow\n    when: request.nope\n"))
        .isEqualTo(ExitCodes.INVALID);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("rule 0 (line 4): when 1:8: undefined field 'nope'");
  }
}
