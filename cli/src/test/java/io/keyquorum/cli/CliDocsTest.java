package io.keyquorum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** docs/CLI.md is the reference for every command {@code kq --help} leads to, recursively. */
class CliDocsTest {
  /** A command as a heading names it: "## kq key enable / kq key disable" names two. */
  private static final Pattern NAMED = Pattern.compile("\\bkq((?: [a-z][a-z0-9-]*)+)");

  @Test
  void everyCommandInKqHelp_hasASectionInCliMd() throws Exception {
    Set<String> documented = headings(Files.readString(cliMd(), StandardCharsets.UTF_8));
    Map<String, CommandLine> commands = new LinkedHashMap<>();
    collect(Kq.commandLine(), "kq", commands);
    assertThat(commands).containsKeys("kq attestor", "kq audit verify", "kq network init", "kq dev");
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, CommandLine> c : commands.entrySet()) {
      assertThat(help(c.getKey())).as(c.getKey()).contains("Usage: " + c.getKey());
      if (!documented(c.getKey(), ownSection(c.getValue().getCommandSpec()), documented)) {
        missing.add(c.getKey());
      }
    }
    assertThat(missing).as("commands without a heading in docs/CLI.md").isEmpty();
  }

  /**
   * A command that runs something (a leaf, or a group with options of its own such as
   * {@code kq attestor --config}) needs a heading of its own; a pure group is covered by the
   * headings of its subcommands.
   */
  private static boolean ownSection(CommandSpec spec) {
    boolean ownArguments = spec.options().stream()
        .anyMatch(o -> !o.hidden() && !o.usageHelp() && !o.versionHelp())
        || !spec.positionalParameters().isEmpty();
    return spec.subcommands().isEmpty() || ownArguments;
  }

  private static boolean documented(String command, boolean ownSection, Set<String> documented) {
    return documented.contains(command)
        || (!ownSection && documented.stream().anyMatch(d -> d.startsWith(command + " ")));
  }

  /** Every "kq ..." command named in a level-2 or level-3 heading. */
  static Set<String> headings(String markdown) {
    Set<String> named = new TreeSet<>();
    for (String line : markdown.split("\\R")) {
      if (line.startsWith("## ") || line.startsWith("### ")) {
        Matcher m = NAMED.matcher(line.replace("`", ""));
        while (m.find()) {
          named.add("kq" + m.group(1));
        }
      }
    }
    return named;
  }

  private static void collect(CommandLine command, String path, Map<String, CommandLine> into) {
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      String next = path + " " + sub.getKey();
      into.put(next, sub.getValue());
      collect(sub.getValue(), next, into);
    }
  }

  private static String help(String command) {
    StringWriter out = new StringWriter();
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(out, true));
    List<String> args = new ArrayList<>(List.of(command.substring("kq ".length()).split(" ")));
    args.add("--help");
    assertThat(cli.execute(args.toArray(String[]::new))).as(command + " --help").isZero();
    return out.toString();
  }

  private static Path cliMd() {
    // Surefire runs in the module directory; the docs are at the repository root.
    Path docs = Path.of("").toAbsolutePath().getParent().resolve("docs/CLI.md");
    assertThat(docs).exists();
    return docs;
  }
}
