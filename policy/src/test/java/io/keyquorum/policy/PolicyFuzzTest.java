package io.keyquorum.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.fuzz.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seeded fuzzing of the policy compiler (YAML and JSON) and the request-file reader (docs/FUZZING.md). */
class PolicyFuzzTest {
  private static final String YAML = """
      policy: finance-only
      rules:
        - effect: allow
          capabilities: [generate-data-key, decrypt]
          when: request.context["dept"] == "finance" && client.attributes["team"] == "payments"
        - effect: allow
          capabilities: [release]
          when: request.time < timestamp("2027-01-01T00:00:00Z") && "escrow-officer" in client.roles
        - effect: deny
          when: request.context["env"] == "prod" && request.time.getHours("UTC") < 6
      """;
  private static final String YAML_MACROS = """
      policy: macros
      rules:
        - effect: allow
          when: client.roles.exists(r, r.startsWith("reader")) && request.keyId.matches("^k[0-9]+$")
      """;
  private static final String JSON = """
      {"policy": "json-form", "rules": [{"effect": "allow", "capabilities": ["decrypt"],
        "when": "size(request.context) < 4 && attestor.labels[\\"zone\\"] == \\"eu\\""}]}
      """;
  private static final String REQUEST = """
      {"request": {"keyId": "k1", "capabilities": ["decrypt"], "context": {"dept": "finance"},
                   "time": "2026-12-01T10:00:00Z"},
       "client": {"id": "app-1", "roles": ["reader"], "attributes": {"team": "payments"}},
       "attestor": {"id": "attestor-1", "labels": {}}}
      """;

  private final PolicyCompiler compiler = new PolicyCompiler();

  @Test
  void mutatedPolicyDocuments_failOnlyWithInvalidPolicy() {
    List<byte[]> seeds = List.of(bytes(YAML), bytes(YAML_MACROS), bytes(JSON));
    int rejected = Fuzz.run("PolicyCompiler.compile", seeds, Set.of(InvalidPolicyException.class), compiler::compile);
    assertThat(rejected).isPositive();
  }

  @Test
  void mutatedRequestFiles_failOnlyWithInvalidPolicyInput() {
    int rejected = Fuzz.run("PolicyInputReader.read", List.of(bytes(REQUEST)), Set.of(InvalidPolicyInputException.class),
        PolicyInputReader::read);
    assertThat(rejected).isPositive();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
