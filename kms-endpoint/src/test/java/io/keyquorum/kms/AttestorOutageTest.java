package io.keyquorum.kms;

import static io.keyquorum.kms.testing.EndpointFixture.ADMIN_KEY;
import static io.keyquorum.kms.testing.EndpointFixture.ADMIN_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyquorum.kms.testing.EndpointFixture;
import io.keyquorum.kms.testing.KmsTestNetwork;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.Tag;

/** Too few attestors reachable is AWS's DependencyTimeoutException (503), which SDKs retry. */
class AttestorOutageTest {
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
  void tooFewAttestorsReachable_isDependencyTimeout() {
    String keyId = kms.createKey(b -> b.tags(Tag.builder().tagKey("keyquorum:alias").tagValue("outage").build()))
        .keyMetadata().keyId();
    // t = 3 of 5: with three stopped, no quorum can form, and nobody denied.
    for (String id : fixture.network().attestorIds().subList(0, KmsTestNetwork.T)) {
      fixture.network().stop(id);
    }
    DependencyTimeoutException e = catchThrowableOfType(DependencyTimeoutException.class,
        () -> kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)));
    assertThat(e).isNotNull();
    assertThat(e.statusCode()).isEqualTo(503);
  }
}
