package io.keyquorum.policy;

import static io.keyquorum.policy.Inputs.AT_NOON;
import static io.keyquorum.policy.Inputs.compile;
import static io.keyquorum.policy.Inputs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PolicyCompilerTest {
  private static InvalidPolicyException refused(String when) {
    PolicyDocument doc = new PolicyDocument("p", List.of(
        new PolicyRule(Effect.ALLOW, Set.of(), "true"),
        new PolicyRule(Effect.ALLOW, Set.of(), when)));
    try {
      new PolicyCompiler().compile(doc);
    } catch (InvalidPolicyException e) {
      return e;
    }
    throw new AssertionError("expected refusal of: " + when);
  }

  @Test
  void syntaxError_namesRuleAndPosition() {
    InvalidPolicyException e = refused("request.keyId ==");
    assertThat(e.ruleIndex()).hasValue(1);
    assertThat(e.getMessage()).startsWith("rule 1: when 1:17: mismatched input '<EOF>'");
  }

  @Test
  void errorOnSecondLine_reportsThatLine() {
    InvalidPolicyException e = refused("request.keyId == \"k1\" &&\n  request.keyid == \"k1\"");
    assertThat(e.getMessage()).isEqualTo("rule 1: when 2:10: undefined field 'keyid'");
  }

  @Test
  void unknownVariable_isRejected() {
    assertThat(refused("principal.id == \"x\"").getMessage())
        .contains("1:1: undeclared reference to 'principal'");
  }

  @Test
  void nonBooleanCondition_isRejected() {
    assertThat(refused("request.context").getMessage())
        .contains("expected type 'bool' but found 'map(string, string)'");
  }

  @Test
  void wrongOperandType_isRejected() {
    assertThat(refused("request.time > 5").getMessage()).contains("found no matching overload");
  }

  @Test
  void invalidTimestampLiteral_isRejectedAtCompile() {
    assertThat(refused("request.time < timestamp(\"next tuesday\")").getMessage())
        .contains("timestamp validation failed");
  }

  @Test
  void invalidRegexLiteral_isRejectedAtCompile() {
    assertThat(refused("request.keyId.matches(\"(unclosed\")").getMessage())
        .contains("Regex validation failed");
  }

  @Test
  void deeplyNestedParentheses_areRejectedNotStackOverflow() {
    String deep = "(".repeat(2000) + "true" + ")".repeat(2000);
    assertThat(refused(deep).getMessage())
        .isEqualTo("rule 1: when 1:1: Expression recursion limit exceeded. limit: 32");
  }

  @Test
  void nestingJustUnderTheLimit_compiles() throws Exception {
    String nested = "(".repeat(20) + "true" + ")".repeat(20);
    CompiledPolicy policy = new PolicyCompiler().compile(new PolicyDocument("p",
        List.of(new PolicyRule(Effect.ALLOW, Set.of(), nested))));
    assertThat(policy.evaluate(request().build(), AT_NOON).allowed()).isTrue();
  }

  @Test
  void longAndChain_isRejectedByTheSizeLimits() {
    String chain = IntStream.range(0, 800).mapToObj(i -> "request.keyId != \"" + i + "\"")
        .collect(Collectors.joining(" && "));
    assertThat(refused(chain).getMessage())
        .startsWith("rule 1: when expression code point size exceeds limit")
        .endsWith("limit 4096");
  }

  @Test
  void tooManyNodes_underTheSizeLimit_isRejected() {
    String list = "[" + "1,".repeat(1500) + "1].size() > 0";
    assertThat(list.length()).isLessThan(PolicyLimits.MAX_EXPRESSION_CODE_POINTS);
    assertThat(refused(list).getMessage()).contains("expression node limit (1000) exceeded");
  }

  @Test
  void nestedComprehensionCostBomb_isStoppedAtEvaluation() throws Exception {
    // 10k context entries, each against 10k entries: 10^8 steps unbounded. The iteration
    // budget stops it after PolicyLimits.MAX_COMPREHENSION_ITERATIONS.
    CompiledPolicy policy = compile("""
        policy: bomb
        rules:
          - effect: allow
            when: request.context.all(a, request.context.all(b, a + b != ""))
        """);
    Map<String, String> huge = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      huge.put("k" + i, "v" + i);
    }
    long start = System.nanoTime();
    Decision d = policy.evaluate(request().context(huge).build(), AT_NOON);
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(d.allowed()).isFalse();
    assertThat(d.rules().get(0).outcome()).isEqualTo(RuleOutcome.ERROR);
    assertThat(d.rules().get(0).detail()).contains("ITERATION_BUDGET_EXCEEDED");
    assertThat(elapsedMillis).isLessThan(2_000);
  }

  @Test
  void hugeContextMap_isLookedUpWithoutError() throws Exception {
    Map<String, String> huge = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      huge.put("key-" + i, "value-" + i);
    }
    huge.put("dept", "finance");
    CompiledPolicy policy = compile("""
        policy: p
        rules:
          - effect: allow
            when: request.context["dept"] == "finance" && size(request.context) > 10000
        """);
    assertThat(policy.evaluate(request().context(huge).build(), AT_NOON).allowed()).isTrue();
  }

  @Test
  void oversizedRegexAtEvaluation_isAnErrorNotAHang() throws Exception {
    CompiledPolicy policy = compile("""
        policy: p
        rules:
          - effect: allow
            when: request.keyId.matches(request.context["pattern"])
        """);
    Decision d = policy.evaluate(
        request().context(Map.of("pattern", "(a+)+(b+)+(c+){1000}")).build(), AT_NOON);
    assertThat(d.rules().get(0).outcome()).isEqualTo(RuleOutcome.ERROR);
    assertThat(d.rules().get(0).detail()).contains("Regex pattern exceeds allowed program size");
  }

  @Test
  void firstFaultyRule_isReportedByIndex() {
    assertThatThrownBy(() -> compile("""
        policy: p
        rules:
          - effect: allow
          - effect: allow
          - effect: deny
            when: nope
        """))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith("rule 2 (line 6): when 1:1: undeclared reference to 'nope'");
  }

  @Test
  void compileErrorInYaml_namesTheDocumentLineOfTheWhen() {
    assertThatThrownBy(() -> compile("""
        policy: p
        rules:
          - effect: allow
          - effect: deny
            capabilities: [release]
            when: |-
              request.keyId == "k1"
              && request.keyid == "k1"
        """))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage("rule 1 (line 6): when 2:11: undefined field 'keyid'")
        .satisfies(e -> {
          InvalidPolicyException invalid = (InvalidPolicyException) e;
          assertThat(invalid.ruleIndex()).hasValue(1);
          assertThat(invalid.documentLine()).hasValue(6);
          assertThat(invalid.detail()).isEqualTo("when 2:11: undefined field 'keyid'");
        });
  }

  @Test
  void compileErrorInJson_namesTheDocumentLineOfTheWhen() {
    assertThatThrownBy(() -> compile("""
        {"policy": "p",
         "rules": [
           {"effect": "allow"},
           {"effect": "deny",
            "when": "request.time > 5"}]}
        """))
        .hasMessageStartingWith("rule 1 (line 5): when 1:14: found no matching overload");
  }
}
