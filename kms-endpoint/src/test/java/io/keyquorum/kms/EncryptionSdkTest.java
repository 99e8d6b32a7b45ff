package io.keyquorum.kms;

import static io.keyquorum.kms.testing.EndpointFixture.ADMIN_KEY;
import static io.keyquorum.kms.testing.EndpointFixture.ADMIN_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import io.keyquorum.kms.testing.EndpointFixture;
import io.keyquorum.kms.testing.KmsTestNetwork;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.pki.PemFiles;
import java.net.URI;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/** The AWS Encryption SDK for Java, unchanged, with its KMS keyring pointed at the endpoint. */
class EncryptionSdkTest {
  @TempDir static Path root;
  static EndpointFixture fixture;
  static KmsClient kms;

  @BeforeAll
  static void start() throws Exception {
    fixture = EndpointFixture.start(root);
    kms = fixture.client(ADMIN_KEY, ADMIN_SECRET);
  }

  @AfterAll
  static void stop() {
    if (kms != null) {
      kms.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  /**
   * The shared-gateway deployment, started as {@code kq kms-endpoint} starts it: config,
   * credentials file, client profile and admin key file on disk, HTTPS with a certificate the SDK
   * verifies (hostname included).
   */
  @Test
  void sharedGateway_fromConfigFiles_servesTheSdkOverTls() throws Exception {
    KmsTestNetwork network = fixture.network();
    Path dir = Files.createDirectories(root.resolve("gateway"));
    NodeCredentials tls = network.issueCredentials("kms-gateway");
    PemFiles.writeCertificates(dir.resolve("gateway.pem"), List.of(tls.certificate()));
    PemFiles.writePrivateKey(dir.resolve("gateway.key"), tls.privateKey());
    PemFiles.writeCertificates(dir.resolve("ca.pem"), List.of(network.caCertificate()));
    Files.writeString(dir.resolve("app.key"), network.appSeedHex() + "\n");
    Files.writeString(dir.resolve("admin.key"), network.adminSeedHex() + "\n");
    Files.writeString(dir.resolve("client.json"), "{\"endpoint\": \"127.0.0.1:" + network.orchestratorPort()
        + "\", \"caCert\": \"ca.pem\", \"genesisHash\": \"" + network.genesisHash().hex()
        + "\", \"clientId\": \"" + KmsTestNetwork.APP + "\", \"identityKey\": \"app.key\", \"orchestratorId\": \""
        + KmsTestNetwork.ORCHESTRATOR + "\"}");
    Files.writeString(dir.resolve("credentials.json"), "{\"AKIAGATEWAY\": {\"secretAccessKey\": \"gateway-secret-0123456789\","
        + " \"profile\": \"client.json\", \"admin\": {\"id\": \"" + KmsTestNetwork.ADMIN + "\", \"keyFile\": \"admin.key\"}}}");
    Files.writeString(dir.resolve("kms-endpoint.json"), "{\"listen\": \"127.0.0.1:0\", \"regions\": [\"us-west-2\"],"
        + " \"account\": \"444455556666\", \"credentials\": \"credentials.json\","
        + " \"tls\": {\"certificate\": \"gateway.pem\", \"privateKey\": \"gateway.key\"},"
        + " \"createKey\": {\"attestors\": [\"attestor-1\", \"attestor-2\", \"attestor-3\", \"attestor-4\", \"attestor-5\"],"
        + " \"threshold\": 3}}");
    try (EndpointLauncher gateway = EndpointLauncher.start(EndpointConfig.load(dir.resolve("kms-endpoint.json")))) {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", network.caCertificate());
      tmf.init(trust);
      try (KmsClient overTls = KmsClient.builder()
          .endpointOverride(URI.create("https://127.0.0.1:" + gateway.endpoint().address().getPort()))
          .region(Region.US_WEST_2)
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create("AKIAGATEWAY", "gateway-secret-0123456789")))
          .httpClientBuilder(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(tmf::getTrustManagers))
          .build()) {
        KeyMetadata key = overTls.createKey(b -> b.policy(EndpointFixture.ALLOW_ALL)
            .tags(Tag.builder().tagKey("keyquorum:alias").tagValue("gateway").build())).keyMetadata();
        assertThat(key.arn()).startsWith("arn:aws:kms:us-west-2:444455556666:key/");
        var dk = overTls.generateDataKey(b -> b.keyId("alias/gateway").numberOfBytes(32));
        assertThat(overTls.decrypt(b -> b.ciphertextBlob(dk.ciphertextBlob())).plaintext().asByteArray())
            .isEqualTo(dk.plaintext().asByteArray());
        overTls.disableKey(b -> b.keyId(key.arn()));
        assertThat(overTls.describeKey(b -> b.keyId(key.keyId())).keyMetadata().enabled()).isFalse();
      }
    }
  }

  @Test
  void kmsKeyring_encryptsThenDecryptsAMessage() {
    String arn = kms.createKey(b -> b.tags(Tag.builder().tagKey("keyquorum:alias").tagValue("esdk").build()))
        .keyMetadata().arn();
    MaterialProviders mpl = MaterialProviders.builder()
        .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();
    IKeyring keyring = mpl.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder().kmsKeyId(arn).kmsClient(kms).build());
    AwsCrypto crypto = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
    byte[] message = "a message sealed under a keyquorum data key".getBytes(StandardCharsets.UTF_8);
    Map<String, String> context = Map.of("tenant", "acme");

    byte[] ciphertext = crypto.encryptData(keyring, message, context).getResult();
    assertThat(ciphertext).isNotEqualTo(message);
    byte[] decrypted = crypto.decryptData(keyring, ciphertext, context).getResult();
    assertThat(decrypted).isEqualTo(message);
  }
}
