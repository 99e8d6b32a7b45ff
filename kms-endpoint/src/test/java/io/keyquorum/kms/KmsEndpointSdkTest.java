package io.keyquorum.kms;

import static io.keyquorum.kms.testing.EndpointFixture.ACCOUNT;
import static io.keyquorum.kms.testing.EndpointFixture.ADMIN_KEY;
import static io.keyquorum.kms.testing.EndpointFixture.ADMIN_SECRET;
import static io.keyquorum.kms.testing.EndpointFixture.APP_KEY;
import static io.keyquorum.kms.testing.EndpointFixture.APP_SECRET;
import static io.keyquorum.kms.testing.EndpointFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyquorum.kms.testing.EndpointFixture;
import io.keyquorum.kms.testing.ServiceModel;
import io.keyquorum.kms.testing.ShapeRecorder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/** The AWS SDK for Java v2, unchanged, against the endpoint in front of a real keyquorum network. */
class KmsEndpointSdkTest {
  @TempDir static Path root;
  static EndpointFixture fixture;
  static KmsClient kms;
  static KmsClient appOnly;

  @BeforeAll
  static void start() throws Exception {
    fixture = EndpointFixture.start(root);
    kms = fixture.client(ADMIN_KEY, ADMIN_SECRET);
    appOnly = fixture.client(APP_KEY, APP_SECRET);
  }

  @AfterAll
  static void stop() {
    if (kms != null) {
      kms.close();
      appOnly.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  static KeyMetadata newKey(String alias) {
    return kms.createKey(b -> b.tags(Tag.builder().tagKey("keyquorum:alias").tagValue(alias).build())).keyMetadata();
  }

  @Test
  void generateDataKey_thenDecryptWithoutKeyId_returnsTheSameKey() {
    KeyMetadata key = newKey("payroll");
    assertThat(key.arn()).isEqualTo("arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + key.keyId());
    assertThat(key.keyState()).isEqualTo(KeyState.ENABLED);
    Map<String, String> context = Map.of("dept", "finance");
    GenerateDataKeyResponse dk = kms.generateDataKey(b -> b.keyId("alias/payroll").keySpec(DataKeySpec.AES_256)
        .encryptionContext(context));
    assertThat(dk.plaintext().asByteArray()).hasSize(32);
    assertThat(dk.keyId()).isEqualTo(key.arn());
    DecryptResponse back = kms.decrypt(b -> b.ciphertextBlob(dk.ciphertextBlob()).encryptionContext(context));
    assertThat(back.plaintext().asByteArray()).isEqualTo(dk.plaintext().asByteArray());
    assertThat(back.keyId()).isEqualTo(key.arn());
    // The key ARN and the alias ARN name the same key.
    kms.decrypt(b -> b.ciphertextBlob(dk.ciphertextBlob()).encryptionContext(context).keyId(key.arn()));
    kms.decrypt(b -> b.ciphertextBlob(dk.ciphertextBlob()).encryptionContext(context)
        .keyId("arn:aws:kms:" + REGION + ":" + ACCOUNT + ":alias/payroll"));

    var withoutPlaintext = kms.generateDataKeyWithoutPlaintext(b -> b.keyId(key.keyId()).numberOfBytes(32)
        .encryptionContext(context));
    assertThat(kms.decrypt(b -> b.ciphertextBlob(withoutPlaintext.ciphertextBlob()).encryptionContext(context))
        .plaintext().asByteArray()).hasSize(32);
    KmsException aes128 = catchThrowableOfType(KmsException.class,
        () -> kms.generateDataKey(b -> b.keyId(key.keyId()).keySpec(DataKeySpec.AES_128)));
    assertThat(aes128.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    assertThat(aes128).hasMessageContaining("256-bit");
  }

  @Test
  void decryptWithWrongContext_isInvalidCiphertext_andWrongKeyId_isIncorrectKey() {
    KeyMetadata key = newKey("contexts");
    KeyMetadata other = newKey("contexts-other");
    SdkBytes blob = kms.encrypt(b -> b.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("secret"))
        .encryptionContext(Map.of("purpose", "test"))).ciphertextBlob();
    assertThat(kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("purpose", "test"))).plaintext()
        .asUtf8String()).isEqualTo("secret");
    assertThat(catchThrowableOfType(InvalidCiphertextException.class,
        () -> kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("purpose", "other"))))).isNotNull();
    assertThat(catchThrowableOfType(IncorrectKeyException.class,
        () -> kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("purpose", "test")).keyId(other.keyId()))))
        .isNotNull();
    assertThat(catchThrowableOfType(InvalidCiphertextException.class,
        () -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromUtf8String("not a blob"))))).isNotNull();
  }

  @Test
  void reEncrypt_movesACiphertextToAnotherKey() {
    KeyMetadata source = newKey("re-source");
    KeyMetadata destination = newKey("re-destination");
    SdkBytes blob = kms.encrypt(b -> b.keyId(source.arn()).plaintext(SdkBytes.fromUtf8String("moving"))
        .encryptionContext(Map.of("a", "1"))).ciphertextBlob();
    var moved = kms.reEncrypt(b -> b.ciphertextBlob(blob).sourceEncryptionContext(Map.of("a", "1"))
        .destinationKeyId("alias/re-destination").destinationEncryptionContext(Map.of("b", "2")));
    assertThat(moved.sourceKeyId()).isEqualTo(source.arn());
    assertThat(moved.keyId()).isEqualTo(destination.arn());
    DecryptResponse back = kms.decrypt(b -> b.ciphertextBlob(moved.ciphertextBlob()).encryptionContext(Map.of("b", "2")));
    assertThat(back.plaintext().asUtf8String()).isEqualTo("moving");
    assertThat(back.keyId()).isEqualTo(destination.arn());
  }

  @Test
  void disabledKey_isDisabledException_untilEnabled() {
    KeyMetadata key = newKey("to-disable");
    kms.disableKey(b -> b.keyId(key.keyId()));
    assertThat(kms.describeKey(b -> b.keyId(key.keyId())).keyMetadata().keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(catchThrowableOfType(DisabledException.class,
        () -> kms.generateDataKey(b -> b.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)))).isNotNull();
    // A client with no admin identity cannot change a key's state.
    KmsException notAdmin = catchThrowableOfType(KmsException.class, () -> appOnly.enableKey(b -> b.keyId(key.keyId())));
    assertThat(notAdmin.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
    assertThat(notAdmin).hasMessageContaining("admin");
    kms.enableKey(b -> b.keyId(key.keyId()));
    assertThat(kms.generateDataKey(b -> b.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)).plaintext().asByteArray())
        .hasSize(32);
  }

  @Test
  void requestBeyondThePolicy_isAccessDenied_withTheAttestorsReasons() {
    String denyHr = String.join("\n", "policy: no-hr", "rules:", "  - effect: allow", "  - effect: deny",
        "    when: '\"dept\" in request.context && request.context[\"dept\"] == \"hr\"'", "");
    KeyMetadata key = kms.createKey(b -> b.policy(denyHr)
        .tags(Tag.builder().tagKey("keyquorum:alias").tagValue("no-hr").build())).keyMetadata();
    assertThat(kms.getKeyPolicy(b -> b.keyId(key.keyId())).policy()).isEqualTo(denyHr);
    KmsException denied = catchThrowableOfType(KmsException.class,
        () -> kms.generateDataKey(b -> b.keyId(key.keyId()).numberOfBytes(32).encryptionContext(Map.of("dept", "hr"))));
    assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
    assertThat(denied.awsErrorDetails().errorMessage()).contains("denied").contains("key-policy/no-hr");
    assertThat(denied.awsErrorDetails().errorMessage()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(kms.generateDataKey(b -> b.keyId(key.keyId()).numberOfBytes(32).encryptionContext(Map.of("dept", "it")))
        .plaintext().asByteArray()).hasSize(32);
  }

  @Test
  void keyLifecycle_describeListDeleteCancelRotatePolicy() {
    KeyMetadata key = newKey("lifecycle");
    assertThat(kms.listKeys().keys()).anySatisfy(k -> assertThat(k.keyArn()).isEqualTo(key.arn()));
    assertThat(kms.listKeys(b -> b.limit(1)).truncated()).isTrue();
    assertThat(kms.listAliases(b -> b.keyId(key.keyId())).aliases()).singleElement()
        .satisfies(a -> assertThat(a.aliasName()).isEqualTo("alias/lifecycle"));
    assertThat(kms.listResourceTags(b -> b.keyId(key.keyId())).tags()).singleElement()
        .satisfies(t -> assertThat(t.tagValue()).isEqualTo("lifecycle"));
    var scheduled = kms.scheduleKeyDeletion(b -> b.keyId("alias/lifecycle").pendingWindowInDays(7));
    assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(scheduled.deletionDate()).isAfter(Instant.now().plus(Duration.ofDays(6)));
    assertThat(kms.describeKey(b -> b.keyId(key.keyId())).keyMetadata().keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(catchThrowableOfType(KmsException.class,
        () -> kms.encrypt(b -> b.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("x"))))
        .awsErrorDetails().errorCode()).isEqualTo("KMSInvalidStateException");
    kms.cancelKeyDeletion(b -> b.keyId(key.keyId()));
    assertThat(kms.describeKey(b -> b.keyId(key.keyId())).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);

    assertThat(kms.getKeyRotationStatus(b -> b.keyId(key.keyId())).keyRotationEnabled()).isFalse();
    assertThat(kms.rotateKeyOnDemand(b -> b.keyId(key.keyId())).keyId()).isEqualTo(key.arn());
    assertThat(kms.listKeyPolicies(b -> b.keyId(key.keyId())).policyNames()).containsExactly("default");
    kms.putKeyPolicy(b -> b.keyId(key.keyId()).policyName("default").policy(EndpointFixture.ALLOW_ALL.replace("allow-all", "v2")));
    assertThat(kms.getKeyPolicy(b -> b.keyId(key.keyId())).policy()).contains("v2");
    assertThat(catchThrowableOfType(KmsException.class,
        () -> kms.putKeyPolicy(b -> b.keyId(key.keyId()).policyName("default").policy("rules: [not a policy")))
        .awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocumentException");

    assertThat(kms.generateRandom(b -> b.numberOfBytes(64)).plaintext().asByteArray()).hasSize(64);
    assertThat(catchThrowableOfType(NotFoundException.class, () -> kms.describeKey(b -> b.keyId("alias/nope")))).isNotNull();
  }

  @Test
  void whatKeyquorumCannotDo_isRefusedByName() {
    KeyMetadata key = newKey("unsupported");
    assertThat(catchThrowableOfType(UnsupportedOperationException.class,
        () -> kms.createAlias(b -> b.aliasName("alias/other").targetKeyId(key.keyId())))).isNotNull();
    assertThat(catchThrowableOfType(UnsupportedOperationException.class,
        () -> kms.enableKeyRotation(b -> b.keyId(key.keyId())))).isNotNull();
    assertThat(catchThrowableOfType(UnsupportedOperationException.class,
        () -> kms.tagResource(b -> b.keyId(key.keyId()).tags(Tag.builder().tagKey("a").tagValue("b").build())))).isNotNull();
    assertThat(catchThrowableOfType(KmsException.class, () -> kms.sign(b -> b.keyId(key.keyId())
        .message(SdkBytes.fromUtf8String("m")).signingAlgorithm("ECDSA_SHA_256"))).awsErrorDetails().errorCode())
        .isEqualTo("UnknownOperationException");
  }

  @Test
  void badSignature_andUnknownAccessKey_areRefused() {
    try (KmsClient wrongSecret = fixture.client(ADMIN_KEY, "not-the-secret-0123456789");
        KmsClient unknown = fixture.client("AKIANOBODY", ADMIN_SECRET)) {
      assertThat(catchThrowableOfType(KmsException.class, wrongSecret::listKeys).awsErrorDetails().errorCode())
          .isEqualTo("InvalidSignatureException");
      assertThat(catchThrowableOfType(KmsException.class, unknown::listKeys).awsErrorDetails().errorCode())
          .isEqualTo("UnrecognizedClientException");
    }
  }

  @Test
  void staleDate_isRefused() throws Exception {
    RawRequests raw = new RawRequests(fixture.uri());
    assertThat(raw.send("ListKeys", "{}", Instant.now()).statusCode()).isEqualTo(200);
    var stale = raw.send("ListKeys", "{}", Instant.now().minus(Duration.ofMinutes(6)));
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(stale.body()).contains("InvalidSignatureException").contains("expired");
    var future = raw.send("ListKeys", "{}", Instant.now().plus(Duration.ofMinutes(6)));
    assertThat(future.body()).contains("InvalidSignatureException");
  }

  /** Runs last by name order only incidentally; it checks every response recorded so far, and re-records its own. */
  @AfterAll
  static void everyResponse_matchesTheServiceModel() throws Exception {
    ServiceModel model = ServiceModel.load();
    ObjectMapper json = new ObjectMapper();
    List<String> violations = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (ShapeRecorder.Response r : ShapeRecorder.INSTANCE.responses()) {
      seen.add(r.operation());
      violations.addAll(model.violations(r.operation(), json.readTree(r.body())));
    }
    assertThat(violations).isEmpty();
    assertThat(seen).contains("GenerateDataKey", "Decrypt", "Encrypt", "ReEncrypt", "DescribeKey", "CreateKey",
        "ListKeys", "ListAliases", "ScheduleKeyDeletion", "GetKeyPolicy");
  }

  @Test
  void docsTable_listsEveryOperationOfTheModel_andTheEndpointServesOnlyModelOperations() throws Exception {
    ServiceModel model = ServiceModel.load();
    String docs = Files.readString(Path.of("..", "docs", "AWS.md"), StandardCharsets.UTF_8);
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\| `?([A-Za-z]+)`? \\|").matcher(docs);
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).containsAll(model.operations());
    assertThat(model.operations()).containsAll(fixture.endpoint().operations());
  }
}
