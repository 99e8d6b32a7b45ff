package io.keyquorum.kms;

import static io.keyquorum.kms.testing.EndpointFixture.ADMIN_KEY;
import static io.keyquorum.kms.testing.EndpointFixture.ADMIN_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import io.keyquorum.kms.testing.EndpointFixture;
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
