package io.keyquorum.policy;

import static io.keyquorum.policy.Inputs.AT_NOON;
import static io.keyquorum.policy.Inputs.compile;
import static io.keyquorum.policy.Inputs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code request.delivery}, and delivery=client judged as a request for release as well. */
class DeliveryFactsTest {
  private static final String DATA_KEYS_ONLY = """
      policy: data-keys-only
      rules:
        - effect: allow
          capabilities: [generate-data-key, decrypt]
      """;

  @Test
  void generateDataKeyOnlyPolicy_deniesClientDelivery_becauseReleaseIsUncovered() throws Exception {
    CompiledPolicy policy = compile(DATA_KEYS_ONLY);
    assertThat(policy.evaluate(request().capabilities("generate-data-key").build(), AT_NOON).allowed()).isTrue();
    Decision client = policy.evaluate(request().capabilities("generate-data-key").delivery("client").build(), AT_NOON);
    assertThat(client.allowed()).isFalse();
    assertThat(client.uncoveredCapabilities()).containsExactly("release");
  }

  @Test
  void requestDelivery_isAVariablePoliciesCanTest() throws Exception {
    CompiledPolicy policy = compile("""
        policy: orchestrator-only
        rules:
          - effect: allow
          - effect: deny
            when: request.delivery == "client"
        """);
    assertThat(policy.evaluate(request().build(), AT_NOON).allowed()).isTrue();
    Decision denied = policy.evaluate(request().delivery("client").build(), AT_NOON);
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.basis()).isEqualTo(new DecisionBasis.DenyRule(1));
  }

  @Test
  void requestFile_readsDelivery_defaultingToOrchestrator() throws Exception {
    String withClient = """
        {"request": {"keyId": "k1", "capabilities": ["decrypt"], "context": {}, "delivery": "client"},
         "client": {"id": "c", "roles": [], "attributes": {}}, "attestor": {"id": "a", "labels": {}}}""";
    PolicyInput input = PolicyInputReader.read(withClient.getBytes(StandardCharsets.UTF_8));
    assertThat(input.request().delivery()).isEqualTo("client");
    assertThat(input.request().capabilities()).containsExactly("decrypt", "release");
    String without = withClient.replace(", \"delivery\": \"client\"", "");
    assertThat(PolicyInputReader.read(without.getBytes(StandardCharsets.UTF_8)).request().delivery())
        .isEqualTo("orchestrator");
    assertThatThrownBy(() -> PolicyInputReader.read(withClient.replace("\"client\"}", "\"derive\"}")
        .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("delivery must be orchestrator or client");
  }
}
