package io.keyquorum.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyDocumentParserTest {
  private static PolicyDocument parse(String text) throws InvalidPolicyException {
    return PolicyDocumentParser.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertRefused(String text, String message) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage(message);
  }

  @Test
  void yamlAndJson_giveTheSameDocument() throws Exception {
    PolicyDocument yaml = parse("""
        policy: finance-only
        rules:
          - effect: allow
            capabilities: [decrypt, generate-data-key]
            when: request.context["dept"] == "finance"
          - effect: deny
        """);
    PolicyDocument json = parse("""
        {"policy": "finance-only", "rules": [
          {"effect": "allow", "capabilities": ["generate-data-key", "decrypt"],
           "when": "request.context[\\"dept\\"] == \\"finance\\""},
          {"effect": "deny"}]}
        """);
    assertThat(yaml).isEqualTo(json);
    assertThat(yaml.rules()).containsExactly(
        new PolicyRule(Effect.ALLOW, Set.of("decrypt", "generate-data-key"),
            "request.context[\"dept\"] == \"finance\""),
        new PolicyRule(Effect.DENY, Set.of(), PolicyRule.ALWAYS));
  }

  @Test
  void misspeltField_isRejectedNotIgnored() {
    assertRefused("policy: p\nrules:\n  - effect: allow\n    wen: 'false'\n",
        "rule 0 (line 3): wen: unknown field (known: capabilities, effect, onError, when)");
    assertRefused("policy: p\nrule: []\n", "rule: unknown field (known: policy, rules)");
  }

  @Test
  void badEffect_isNamed() {
    assertRefused("policy: p\nrules:\n  - effect: permit\n",
        "rule 0 (line 3): effect: must be 'allow' or 'deny', got 'permit'");
    assertRefused("policy: p\nrules:\n  - when: 'true'\n",
        "rule 0 (line 3): effect: required, must be a string");
  }

  @Test
  void nonStringWhen_isRejected() {
    assertRefused("policy: p\nrules:\n  - effect: allow\n    when: true\n",
        "rule 0 (line 3): when: must be a string (a CEL expression)");
  }

  @Test
  void badCapabilities_areRejected() {
    assertRefused("policy: p\nrules:\n  - effect: allow\n    capabilities: []\n",
        "rule 0 (line 3): capabilities: must be a non-empty list (omit it to mean every capability)");
    assertRefused("policy: p\nrules:\n  - effect: allow\n    capabilities: [decrypt, decrypt]\n",
        "rule 0 (line 3): capabilities: entries must be distinct strings, got \"decrypt\"");
    assertThatThrownBy(() -> parse("policy: p\nrules:\n  - effect: allow\n    capabilities: [Decrypt]\n"))
        .hasMessageStartingWith("rule 0 (line 3): capability must be lower-case words");
  }

  @Test
  void missingNameOrRules_isRejected() {
    assertRefused("rules: []\n", "policy: required, must be a string");
    assertRefused("policy: p\n", "rules: required, must be a list");
    assertRefused("- a\n- b\n", "policy document must be a mapping with 'policy' and 'rules'");
  }

  @Test
  void duplicateKeys_areRejected() {
    assertThatThrownBy(() -> parse("policy: a\npolicy: b\nrules: []\n"))
        .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("policy");
    assertThatThrownBy(() -> parse("{\"policy\": \"a\", \"policy\": \"b\", \"rules\": []}"))
        .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("Duplicate field 'policy'");
  }

  @Test
  void malformedSyntax_namesLineAndColumn() {
    assertThatThrownBy(() -> parse("{\"policy\": \"a\",\n \"rules\": [}"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith("policy document is not valid YAML/JSON")
        .hasMessageContaining("line 2");
  }

  @Test
  void oversizedDocument_isRejectedBeforeParsing() {
    String big = "policy: p\nrules: []\n#" + "x".repeat(PolicyLimits.MAX_DOCUMENT_BYTES);
    assertRefused(big, "policy document is " + big.length() + " bytes; the limit is 65536");
  }

  @Test
  void tooManyRules_isRejected() {
    StringBuilder yaml = new StringBuilder("policy: p\nrules:\n");
    for (int i = 0; i <= PolicyLimits.MAX_RULES; i++) {
      yaml.append("  - effect: allow\n");
    }
    assertRefused(yaml.toString(), "rules: at most 100 rules, got 101");
  }

  @Test
  void yamlAliasBomb_isRejected() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      yaml.append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1))));
      yaml.append("]\n");
    }
    yaml.append("policy: p\nrules: []\n");
    assertThatThrownBy(() -> parse(yaml.toString())).isInstanceOf(InvalidPolicyException.class);
  }

  @Test
  void emptyRuleList_isAValidDenyAllPolicy() throws Exception {
    assertThat(parse("policy: deny-all\nrules: []\n"))
        .isEqualTo(new PolicyDocument("deny-all", List.of()));
  }

  @Test
  void trailingContent_isRejectedNotIgnored() {
    assertThatThrownBy(() -> parse("policy: a\nrules: []\n---\npolicy: b\nrules: []\n"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith("policy document is not valid YAML/JSON");
    assertThatThrownBy(() -> parse("{\"policy\": \"a\", \"rules\": []} {\"x\": 1}"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith("policy document is not valid YAML/JSON");
  }
}
