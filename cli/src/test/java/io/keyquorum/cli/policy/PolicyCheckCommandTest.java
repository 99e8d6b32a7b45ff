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

  private int check(String policy) throws Exception {
    Path file = Files.writeString(dir.resolve("local.yaml"), policy);
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute("policy", "check", "--policy", file.toString());
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
