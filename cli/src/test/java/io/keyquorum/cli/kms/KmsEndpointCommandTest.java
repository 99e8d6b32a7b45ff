package io.keyquorum.cli.kms;

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

class KmsEndpointCommandTest {
  @TempDir Path tmp;

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Kq.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new String[] {Integer.toString(cli.execute(args)), out.toString(), err.toString()};
  }

  @Test
  void agentConfigOnAPublicAddressWithoutTls_isRefusedWithExit2() throws Exception {
    Path config = tmp.resolve("kms-endpoint.json");
    Files.writeString(config, "{\"listen\": \"0.0.0.0:4599\", \"credentials\": \"credentials.json\"}");
    String[] r = run("kms-endpoint", "--config", config.toString());
    assertThat(r[0]).isEqualTo(Integer.toString(ExitCodes.INVALID));
    assertThat(r[2]).contains("loopback").doesNotContain("Exception");
  }

  @Test
  void credentialsWithoutAProfile_areRefusedWithExit2() throws Exception {
    Files.writeString(tmp.resolve("credentials.json"), "{\"AKIAX\": {\"secretAccessKey\": \"0123456789abcdef0123\"}}");
    Path config = tmp.resolve("kms-endpoint.json");
    Files.writeString(config, "{\"listen\": \"127.0.0.1:0\", \"credentials\": \"credentials.json\"}");
    String[] r = run("kms-endpoint", "--config", config.toString());
    assertThat(r[0]).isEqualTo(Integer.toString(ExitCodes.INVALID));
    assertThat(r[2]).contains("AKIAX").doesNotContain("0123456789abcdef0123");
  }
}
