package io.keyquorum.cli.dev;

import io.keyquorum.cli.network.NetworkLayout;
import io.keyquorum.kms.EndpointConfig;
import io.keyquorum.kms.EndpointLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The dev network's AWS KMS endpoint: an agent on loopback acting as the dev client (with the dev
 * admin for admin operations). The first run writes its config, credentials and {@code aws.env};
 * a rerun serves on the same port with the same access key.
 */
final class DevAwsEndpoint {
  static final String CONFIG = "kms-endpoint.json";
  static final String CREDENTIALS = "aws-credentials.json";
  static final String ENV = "aws.env";
  static final String REGION = "us-east-1";
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final SecureRandom RANDOM = new SecureRandom();

  private DevAwsEndpoint() {}

  /** Starts the endpoint; returns it with the export lines it wrote to {@code DIR/aws.env}. */
  static Started start(Path dir, List<String> attestors, int threshold) throws IOException {
    if (!Files.exists(dir.resolve(CONFIG))) {
      String accessKey = "AKIAKQDEV" + random(ALPHABET, 11);
      String secret = random(ALPHABET + "abcdefghijklmnopqrstuvwxyz01+/", 40);
      Files.writeString(dir.resolve(ENV), String.join("\n",
          "export AWS_ENDPOINT_URL_KMS=http://127.0.0.1:" + freePort(),
          "export AWS_ACCESS_KEY_ID=" + accessKey,
          "export AWS_SECRET_ACCESS_KEY=" + secret,
          "export AWS_REGION=" + REGION,
          // AWS CLI v1 and botocore read the region only from AWS_DEFAULT_REGION.
          "export AWS_DEFAULT_REGION=" + REGION, ""));
      Files.writeString(dir.resolve(CREDENTIALS), "{\"" + accessKey + "\": {\"secretAccessKey\": \"" + secret
          + "\", \"profile\": \"client.json\", \"admin\": {\"id\": \"" + NetworkLayout.ADMIN_ID
          + "\", \"keyFile\": \"admin.key\"}}}\n");
      restrict(dir.resolve(CREDENTIALS));
      restrict(dir.resolve(ENV));
      Files.writeString(dir.resolve("kms-default-policy.yaml"), DemoKey.POLICY);
      String url = env(dir, "AWS_ENDPOINT_URL_KMS");
      Files.writeString(dir.resolve(CONFIG), "{\"listen\": \"" + url.substring("http://".length())
          + "\", \"regions\": [\"" + REGION + "\"], \"account\": \"000000000000\", \"credentials\": \"" + CREDENTIALS
          + "\", \"createKey\": {\"attestors\": ["
          + attestors.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", "))
          + "], \"threshold\": " + threshold + ", \"defaultPolicyFile\": \"kms-default-policy.yaml\"}}\n");
    }
    EndpointLauncher launcher = EndpointLauncher.start(EndpointConfig.load(dir.resolve(CONFIG)));
    return new Started(launcher, Files.readAllLines(dir.resolve(ENV)));
  }

  record Started(EndpointLauncher launcher, List<String> exports) {}

  static String env(Path dir, String name) throws IOException {
    return Files.readAllLines(dir.resolve(ENV)).stream().filter(l -> l.startsWith("export " + name + "="))
        .map(l -> l.substring(("export " + name + "=").length())).findFirst()
        .orElseThrow(() -> new IOException(ENV + " has no " + name));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String random(String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the directory's ACL applies.
    }
  }
}
