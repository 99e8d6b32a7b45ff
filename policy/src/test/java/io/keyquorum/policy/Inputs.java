package io.keyquorum.policy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds policy inputs for tests; every field has a plain default that a test overrides. */
final class Inputs {
  static final Instant NOON = Instant.parse("2026-12-01T12:00:00Z");
  static final Clock AT_NOON = Clock.fixed(NOON, ZoneOffset.UTC);

  private String keyId = "k1";
  private List<String> capabilities = List.of("decrypt");
  private Map<String, String> context = Map.of();
  private String delivery = RequestFacts.ORCHESTRATOR;
  private Optional<Instant> time = Optional.empty();
  private String clientId = "app-1";
  private List<String> roles = List.of();
  private Map<String, String> attributes = Map.of();
  private Map<String, String> labels = Map.of();

  static Inputs request() {
    return new Inputs();
  }

  Inputs capabilities(String... values) {
    this.capabilities = List.of(values);
    return this;
  }

  Inputs context(Map<String, String> values) {
    this.context = values;
    return this;
  }

  Inputs delivery(String mode) {
    this.delivery = mode;
    return this;
  }

  Inputs time(String iso) {
    this.time = Optional.of(Instant.parse(iso));
    return this;
  }

  Inputs roles(String... values) {
    this.roles = List.of(values);
    return this;
  }

  Inputs attributes(Map<String, String> values) {
    this.attributes = values;
    return this;
  }

  Inputs labels(Map<String, String> values) {
    this.labels = values;
    return this;
  }

  PolicyInput build() {
    return new PolicyInput(
        new RequestFacts(keyId, capabilities, context, delivery, time),
        new ClientFacts(clientId, roles, attributes),
        new AttestorFacts("attestor-1", labels));
  }

  static CompiledPolicy compile(String yaml) throws InvalidPolicyException {
    return new PolicyCompiler().compile(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
