package io.keyquorum.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyquorum.kms.SigV4;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kq dev} starts an AWS KMS endpoint: its export lines are printed and written to
 * {@code DIR/aws.env}, and a SigV4-signed GenerateDataKey then Decrypt on {@code alias/demo} works
 * with exactly those values.
 */
class DevAwsEndpointTest {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @TempDir Path tmp;
  private final List<Process> devs = new ArrayList<>();

  @AfterEach
  void killEverything() throws Exception {
    devs.forEach(Process::destroyForcibly);
    DevProcesses.killAllNodes(tmp.resolve("net"));
  }

  @Test
  void devNetwork_servesTheAwsKmsApi_withTheExportsItPrints() throws Exception {
    Path dir = tmp.resolve("net");
    DevProcesses.Dev dev = DevProcesses.start(dir, tmp.resolve("dev.err"), "--attestors", "4", "--threshold", "2");
    devs.add(dev.process());
    DevProcesses.awaitReady(dev, Duration.ofSeconds(120));
    List<String> env = Files.readAllLines(dir.resolve("aws.env"));
    assertThat(env).hasSize(5);
    for (String line : env) {
      assertThat(dev.stdout()).contains(line);
    }
    Map<String, String> vars = new java.util.HashMap<>();
    env.forEach(l -> vars.put(l.substring(7, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    assertThat(vars.get("AWS_ENDPOINT_URL_KMS")).startsWith("http://127.0.0.1:");
    assertThat(DevProcesses.stderrOf(dev)).contains("AWS KMS endpoint at " + vars.get("AWS_ENDPOINT_URL_KMS"));

    JsonNode dk = call(vars, "GenerateDataKey",
        "{\"KeyId\":\"alias/demo\",\"KeySpec\":\"AES_256\",\"EncryptionContext\":{\"app\":\"dev\"}}");
    assertThat(dk.get("KeyId").asText()).startsWith("arn:aws:kms:us-east-1:000000000000:key/");
    JsonNode back = call(vars, "Decrypt", "{\"CiphertextBlob\":\"" + dk.get("CiphertextBlob").asText()
        + "\",\"EncryptionContext\":{\"app\":\"dev\"}}");
    assertThat(back.get("Plaintext").asText()).isEqualTo(dk.get("Plaintext").asText());
  }

  private static JsonNode call(Map<String, String> vars, String operation, String json) throws Exception {
    URI uri = URI.create(vars.get("AWS_ENDPOINT_URL_KMS") + "/");
    String amzDate = AMZ_DATE.format(Instant.now());
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = Map.of("host", List.of(uri.getHost() + ":" + uri.getPort()),
        "x-amz-date", List.of(amzDate), "x-amz-target", List.of("TrentService." + operation));
    String authorization = SigV4.authorization(new SigV4.Request("POST", "/", null, headers, body),
        List.of("host", "x-amz-date", "x-amz-target"), vars.get("AWS_ACCESS_KEY_ID"),
        vars.get("AWS_SECRET_ACCESS_KEY").getBytes(StandardCharsets.UTF_8), vars.get("AWS_REGION"), amzDate);
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
        .header("X-Amz-Date", amzDate).header("X-Amz-Target", "TrentService." + operation)
        .header("Content-Type", "application/x-amz-json-1.1").header("Authorization", authorization)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
