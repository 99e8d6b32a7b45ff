package io.keyquorum.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.Kq;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The `kq policy test` session shown in docs/POLICY.md, replayed against the real command. */
class PolicyDocCliTest {
  @TempDir Path dir;

  private static String doc() throws IOException {
    for (Path at = Path.of(System.getProperty("user.dir")).toAbsolutePath(); at != null;
        at = at.getParent()) {
      if (Files.isRegularFile(at.resolve("docs/POLICY.md"))) {
        return Files.readString(at.resolve("docs/POLICY.md"));
      }
    }
    throw new IOException("docs/POLICY.md not found");
  }

  private static String block(String doc, String marker) {
    Matcher m = Pattern.compile(Pattern.quote("<!-- " + marker + " -->") + "\\n```[a-z]+\\n(.*?)```",
        Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).as("block %s in docs/POLICY.md", marker).isTrue();
    return m.group(1);
  }

  @Test
  void documentedSession_printsExactlyTheDocumentedOutput() throws Exception {
    String doc = doc();
    Path policy = Files.writeString(dir.resolve("finance-only.yaml"),
        block(doc, "example: finance-only"));
    Path request = Files.writeString(dir.resolve("request.json"), block(doc, "file: request.json"));
    StringWriter out = new StringWriter();
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    int code = cli.execute("policy", "test", "--policy", policy.toString(),
        "--request", request.toString());
    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo(block(doc, "output: finance-only.yaml request.json"));
  }

  @Test
  void documentedErrorMessage_matchesTheCommand() throws Exception {
    String doc = doc();
    Path policy = Files.writeString(dir.resolve("finance-only.yaml"),
        block(doc, "example: finance-only").replace("client.attributes", "client.attribs"));
    Path request = Files.writeString(dir.resolve("request.json"), block(doc, "file: request.json"));
    StringWriter err = new StringWriter();
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("policy", "test", "--policy", policy.toString(),
        "--request", request.toString());
    assertThat(code).isEqualTo(ExitCodes.INVALID);
    String shown = err.toString().strip().replace(policy.toString(), "finance-only.yaml");
    assertThat(doc).contains("\n" + shown + "\n");
  }
}
