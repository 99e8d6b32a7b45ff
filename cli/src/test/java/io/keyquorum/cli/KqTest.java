package io.keyquorum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KqTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void version_printsTheBuildVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).matches("kq \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
  }

  @Test
  void help_listsThePolicyGroup() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: kq").contains("policy");
  }

  @Test
  void noCommand_printsUsageToStderrAndExits2() {
    assertThat(run()).isEqualTo(ExitCodes.INVALID);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("Usage: kq");
  }

  @Test
  void unknownCommand_isAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("Unmatched argument").contains("frobnicate");
  }
}
