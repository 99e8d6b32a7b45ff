package io.keyquorum.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyInputReaderTest {
  private static final String VALID = """
      {"request": {"keyId": "k1", "capabilities": ["decrypt"], "context": {"dept": "finance"},
                   "time": "2026-12-01T10:00:00Z"},
       "client": {"id": "app-1", "roles": ["reader"], "attributes": {"team": "payments"}},
       "attestor": {"id": "attestor-1", "labels": {}}}
      """;

  private static PolicyInput read(String json) throws InvalidPolicyInputException {
    return PolicyInputReader.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void validFile_readsEveryVariable() throws Exception {
    PolicyInput input = read(VALID);
    assertThat(input.request()).isEqualTo(new RequestFacts("k1", List.of("decrypt"),
        Map.of("dept", "finance"), Optional.of(Instant.parse("2026-12-01T10:00:00Z"))));
    assertThat(input.client()).isEqualTo(
        new ClientFacts("app-1", List.of("reader"), Map.of("team", "payments")));
    assertThat(input.attestor()).isEqualTo(new AttestorFacts("attestor-1", Map.of()));
  }

  @Test
  void absentTime_isEmpty() throws Exception {
    assertThat(read(VALID.replaceAll(",\\s*\"time\": \"[^\"]*\"", ""))
        .request().time()).isEmpty();
  }

  @Test
  void faultyField_isNamedByPath() {
    assertThatThrownBy(() -> read(VALID.replace("\"finance\"", "7")))
        .hasMessage("request.context.dept: required, must be a string");
    assertThatThrownBy(() -> read(VALID.replace("\"reader\"", "1")))
        .hasMessage("client.roles[0]: required, must be a string");
    assertThatThrownBy(() -> read(VALID.replace("2026-12-01T10:00:00Z", "tomorrow")))
        .hasMessageStartingWith("request.time: must be an RFC 3339 UTC timestamp");
    assertThatThrownBy(() -> read(VALID.replace("\"keyId\"", "\"keyid\"")))
        .hasMessage("request.keyid: unknown field");
    assertThatThrownBy(() -> read(VALID.replace("\"attestor\"", "\"node\"")))
        .hasMessage("node: unknown field");
    assertThatThrownBy(() -> read(VALID.replace("[\"decrypt\"]", "[]")))
        .hasMessage("request: a request must name at least one capability");
    assertThatThrownBy(() -> read(VALID.replace("[\"decrypt\"]", "[\"Decrypt\"]")))
        .hasMessageStartingWith("request: capability must be lower-case words");
    assertThatThrownBy(() -> read(VALID.replace("\"app-1\"", "\"\"")))
        .hasMessage("client: client id must not be empty");
  }

  @Test
  void malformedJson_isRejectedWithPosition() {
    assertThatThrownBy(() -> read(VALID + "{}"))
        .hasMessageStartingWith("request file is not valid JSON");
    assertThatThrownBy(() -> read(VALID.replace("\"team\": \"payments\"",
        "\"team\": \"payments\", \"team\": \"ops\"")))
        .hasMessageContaining("Duplicate field 'team'");
    assertThatThrownBy(() -> read("{\"request\": "))
        .isInstanceOf(InvalidPolicyInputException.class)
        .hasMessageStartingWith("request file is not valid JSON");
  }
}
