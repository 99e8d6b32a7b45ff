package io.keyquorum.kms;

import static io.keyquorum.kms.testing.EndpointFixture.ADMIN_KEY;
import static io.keyquorum.kms.testing.EndpointFixture.ADMIN_SECRET;
import static io.keyquorum.kms.testing.EndpointFixture.REGION;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Hand-signed requests, for what the AWS SDK will not send (a stale date). */
final class RawRequests {
  private final URI uri;
  private final HttpClient http = HttpClient.newHttpClient();

  RawRequests(URI uri) {
    this.uri = uri;
  }

  HttpResponse<String> send(String operation, String json, Instant at) throws Exception {
    String amzDate = SigV4.AMZ_DATE.format(at);
    String host = uri.getHost() + ":" + uri.getPort();
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = Map.of("host", List.of(host), "x-amz-date", List.of(amzDate),
        "x-amz-target", List.of("TrentService." + operation), "content-type", List.of(KmsEndpoint.CONTENT_TYPE));
    String authorization = SigV4.authorization(new SigV4.Request("POST", "/", null, headers, body),
        List.of("content-type", "host", "x-amz-date", "x-amz-target"), ADMIN_KEY,
        ADMIN_SECRET.getBytes(StandardCharsets.UTF_8), REGION, amzDate);
    HttpRequest request = HttpRequest.newBuilder(uri.resolve("/")).header("X-Amz-Date", amzDate)
        .header("X-Amz-Target", "TrentService." + operation).header("Content-Type", KmsEndpoint.CONTENT_TYPE)
        .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
