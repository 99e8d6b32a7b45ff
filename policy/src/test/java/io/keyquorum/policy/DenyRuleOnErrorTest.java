package io.keyquorum.policy;

import static io.keyquorum.policy.Inputs.AT_NOON;
import static io.keyquorum.policy.Inputs.compile;
import static io.keyquorum.policy.Inputs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A client must not be able to switch a deny rule off by sending context that makes the rule's
 * condition error: an erroring deny rule denies unless it opts into {@code onError: skip}.
 */
class DenyRuleOnErrorTest {
  private static final String AMOUNT_CAP = """
      policy: amount-cap
      rules:
        - effect: allow
        - effect: deny
          when: int(request.context["amount"]) > 1000
      """;

  @Test
  void denyRuleWhoseConditionErrors_denies() throws Exception {
    Decision d = compile(AMOUNT_CAP)
        .evaluate(request().context(Map.of("amount", "1e9")).build(), AT_NOON);
    assertThat(d.allowed()).isFalse();
    assertThat(d.basis()).isEqualTo(new DecisionBasis.DenyRule(1));
    assertThat(d.summary()).isEqualTo("deny by rule 1");
    RuleExplanation rule = d.rules().get(1);
    assertThat(rule.outcome()).isEqualTo(RuleOutcome.ERROR);
    assertThat(rule.detail()).contains("BAD_FORMAT")
        .endsWith("the rule denies because its condition failed (onError: deny)");
  }

  /** Odd context from a client: a float, a missing key, a non-number, an overflow, empty. */
  @ParameterizedTest(name = "amount={0}")
  @ValueSource(strings = {"1e9", "<missing>", "lots", "99999999999999999999", "", " 5"})
  void oddClientContext_cannotSwitchADenyRuleOff(String amount) throws Exception {
    Map<String, String> context = amount.equals("<missing>") ? Map.of() : Map.of("amount", amount);
    Decision d = compile(AMOUNT_CAP).evaluate(request().context(context).build(), AT_NOON);
    assertThat(d.allowed()).as("amount=%s", amount).isFalse();
    assertThat(d.basis()).isEqualTo(new DecisionBasis.DenyRule(1));
  }

  @Test
  void wellFormedContext_isJudgedByTheCondition() throws Exception {
    CompiledPolicy p = compile(AMOUNT_CAP);
    assertThat(p.evaluate(request().context(Map.of("amount", "999")).build(), AT_NOON).allowed())
        .isTrue();
    assertThat(p.evaluate(request().context(Map.of("amount", "1001")).build(), AT_NOON).basis())
        .isEqualTo(new DecisionBasis.DenyRule(1));
  }

  @Test
  void onErrorSkip_optsIntoSkippingTheRule() throws Exception {
    CompiledPolicy p = compile(AMOUNT_CAP + "    onError: skip\n");
    assertThat(p.document().rules().get(1).onError()).isEqualTo(OnError.SKIP);
    Decision d = p.evaluate(request().context(Map.of("amount", "1e9")).build(), AT_NOON);
    assertThat(d.allowed()).isTrue();
    assertThat(d.rules().get(1).outcome()).isEqualTo(RuleOutcome.ERROR);
    assertThat(d.rules().get(1).detail())
        .endsWith("the rule is skipped because its condition failed (onError: skip)");
  }

  @Test
  void explicitOnErrorDeny_isTheDefault() throws Exception {
    CompiledPolicy p = compile(AMOUNT_CAP + "    onError: deny\n");
    assertThat(p.document()).isEqualTo(compile(AMOUNT_CAP).document());
  }

  @Test
  void onErrorInJson_isRead() throws Exception {
    CompiledPolicy p = compile("""
        {"policy": "p", "rules": [{"effect": "allow"},
          {"effect": "deny", "when": "int(request.context[\\"n\\"]) > 3", "onError": "skip"}]}
        """);
    assertThat(p.document().rules().get(1).onError()).isEqualTo(OnError.SKIP);
  }

  @Test
  void erroringAllowRule_stillNeverAllows() throws Exception {
    Decision d = compile("""
        policy: p
        rules:
          - effect: allow
            when: int(request.context["n"]) > 3
        """).evaluate(request().context(Map.of("n", "1e9")).build(), AT_NOON);
    assertThat(d.allowed()).isFalse();
    assertThat(d.basis()).isEqualTo(new DecisionBasis.DefaultDeny());
    assertThat(d.rules().get(0).outcome()).isEqualTo(RuleOutcome.ERROR);
  }

  @Test
  void unknownOnErrorValue_isRefusedWithLineAndColumn() {
    assertThatThrownBy(() -> compile(AMOUNT_CAP + "    onError: ignore\n"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage("rule 1 (line 6, column 14): onError: must be 'deny' or 'skip', got 'ignore'");
    assertThatThrownBy(() -> compile("""
        {"policy": "p", "rules": [
          {"effect": "deny", "onError": true}]}
        """))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage("rule 0 (line 2, column 33): onError: must be 'deny' or 'skip', got 'true'");
  }

  @Test
  void onErrorOnAnAllowRule_isRefused() {
    assertThatThrownBy(() -> compile("""
        policy: p
        rules:
          - effect: allow
            onError: skip
        """))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith("rule 0 (line 4, column 14): onError: only deny rules take onError");
  }
}
