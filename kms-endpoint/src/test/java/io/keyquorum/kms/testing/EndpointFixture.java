package io.keyquorum.kms.testing;

import io.keyquorum.kms.Caller;
import io.keyquorum.kms.Credentials;
import io.keyquorum.kms.EndpointConfig;
import io.keyquorum.kms.KmsEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A real network with the KMS endpoint in front of it, and AWS SDK clients for it. Access keys:
 * {@link #ADMIN_KEY} acts as {@code app-1} with the genesis admin's identity for admin operations,
 * {@link #APP_KEY} as {@code app-1} alone.
 */
public final class EndpointFixture implements AutoCloseable {
  public static final String REGION = "eu-west-1";
  public static final String ACCOUNT = "111122223333";
  public static final String ADMIN_KEY = "AKIAKQADMINEXAMPLE";
  public static final String ADMIN_SECRET = "admin-secret-0123456789abcdef";
  public static final String APP_KEY = "AKIAKQAPPEXAMPLE";
  public static final String APP_SECRET = "app-secret-0123456789abcdef";
  public static final String ALLOW_ALL = "policy: allow-all\nrules:\n  - effect: allow\n";

  private final KmsTestNetwork network;
  private final KmsEndpoint endpoint;

  private EndpointFixture(KmsTestNetwork network, KmsEndpoint endpoint) {
    this.network = network;
    this.endpoint = endpoint;
  }

  public static EndpointFixture start(Path root) throws IOException {
    KmsTestNetwork network = KmsTestNetwork.start(root);
    try {
      EndpointConfig config = new EndpointConfig(new InetSocketAddress("127.0.0.1", 0), Set.of(REGION, "us-east-1"),
          ACCOUNT, root.resolve("unused-credentials.json"), Optional.empty(),
          new EndpointConfig.CreateKeyDefaults(network.attestorIds(), KmsTestNetwork.T, Optional.of(ALLOW_ALL)));
      Credentials credentials = new Credentials(Map.of(
          ADMIN_KEY, new Credentials.Entry(ADMIN_KEY, ADMIN_SECRET.getBytes(StandardCharsets.UTF_8), root, Optional.empty()),
          APP_KEY, new Credentials.Entry(APP_KEY, APP_SECRET.getBytes(StandardCharsets.UTF_8), root, Optional.empty())));
      Map<String, Caller> callers = Map.of(
          ADMIN_KEY, new Caller(ADMIN_KEY, network.app(), Optional.of(network.app().admin(network.adminId(), network.adminKey()))),
          APP_KEY, new Caller(APP_KEY, network.app(), Optional.empty()));
      return new EndpointFixture(network, KmsEndpoint.start(config, credentials, callers, Optional.empty(),
          Clock.systemUTC()));
    } catch (IOException | RuntimeException e) {
      network.close();
      throw e;
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + endpoint.address().getPort());
  }

  public KmsEndpoint endpoint() {
    return endpoint;
  }

  public KmsTestNetwork network() {
    return network;
  }

  /** An SDK client over the URL-connection HTTP client (no second Netty beside gRPC's). */
  public KmsClient client(String accessKey, String secret) {
    return KmsClient.builder().endpointOverride(uri()).region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> o.addExecutionInterceptor(ShapeRecorder.INSTANCE)
            .retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @Override
  public void close() {
    endpoint.close();
    network.close();
  }
}
