package io.keyquorum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  void everyCommand_hasHelp_andNoCommandIsMissing() {
    List<List<String>> paths = new ArrayList<>();
    collect(Kq.commandLine(), new ArrayList<>(), paths);
    assertThat(paths.stream().map(p -> String.join(" ", p))).contains(
        "key create", "key list", "key describe", "key enable", "key disable", "key rotate",
        "key schedule-deletion", "key cancel-deletion", "policy put", "policy get", "policy test", "policy check",
        "client register", "datakey", "decrypt", "release", "encrypt", "decrypt-file", "status", "orchestrator");
    for (List<String> path : paths) {
      StringWriter help = new StringWriter();
      CommandLine cli = Kq.commandLine();
      cli.setOut(new PrintWriter(help, true));
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      assertThat(cli.execute(args.toArray(String[]::new))).as(String.join(" ", path)).isZero();
      assertThat(help.toString()).as(String.join(" ", path)).contains("Usage: kq " + String.join(" ", path));
    }
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      List<String> next = new ArrayList<>(path);
      next.add(sub.getKey());
      into.add(next);
      collect(sub.getValue(), next, into);
    }
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
