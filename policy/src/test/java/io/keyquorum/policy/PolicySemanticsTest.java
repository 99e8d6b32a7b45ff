package io.keyquorum.policy;

import static io.keyquorum.policy.Inputs.AT_NOON;
import static io.keyquorum.policy.Inputs.compile;
import static io.keyquorum.policy.Inputs.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySemanticsTest {
  private static final String FINANCE =
      """
      policy: finance
      rules:
        - effect: allow
          capabilities: [decrypt, generate-data-key]
          when: request.context["dept"] == "finance"
        - effect: allow
          capabilities: [release]
          when: '"escrow-officer" in client.roles'
        - effect: deny
          when: request.context["env"] == "prod" && request.time.getHours("UTC") < 6
      """;

  @Test
  void policyWithoutRules_deniesByDefault() throws Exception {
    Decision d = compile("policy: empty\nrules: []\n").evaluate(request().build(), AT_NOON);
    assertThat(d.allowed()).isFalse();
    assertThat(d.basis()).isEqualTo(new DecisionBasis.DefaultDeny());
    assertThat(d.uncoveredCapabilities()).containsExactly("decrypt");
    assertThat(d.summary()).isEqualTo("deny by default (uncovered: decrypt)");
  }

  @Test
  void matchingAllowRule_allowsAndIsNamed() throws Exception {
    Decision d = compile(FINANCE)
        .evaluate(request().context(Map.of("dept", "finance")).build(), AT_NOON);
    assertThat(d.allowed()).isTrue();
    assertThat(d.basis()).isEqualTo(new DecisionBasis.AllowRules(List.of(0)));
    assertThat(d.rules()).extracting(RuleExplanation::outcome).containsExactly(
        RuleOutcome.MATCHED, RuleOutcome.NOT_APPLICABLE, RuleOutcome.NOT_MATCHED);
    // CEL's && is commutative over errors: error && false is false, so the missing "env" key
    // does not surface when it is noon (hour 12 is not < 6).
  }

  @Test
  void everyRequestedCapability_mustBeCoveredByAMatchingAllow() throws Exception {
    CompiledPolicy policy = compile(FINANCE);
    PolicyInput both = request().capabilities("decrypt", "release")
        .context(Map.of("dept", "finance")).build();
    Decision d = policy.evaluate(both, AT_NOON);
    assertThat(d.allowed()).isFalse();
    assertThat(d.basis()).isInstanceOf(DecisionBasis.DefaultDeny.class);
    assertThat(d.uncoveredCapabilities()).containsExactly("release");

    PolicyInput officer = request().capabilities("decrypt", "release")
        .context(Map.of("dept", "finance")).roles("escrow-officer").build();
    Decision ok = policy.evaluate(officer, AT_NOON);
    assertThat(ok.allowed()).isTrue();
    assertThat(ok.basis()).isEqualTo(new DecisionBasis.AllowRules(List.of(0, 1)));
    assertThat(ok.uncoveredCapabilities()).isEmpty();
  }

  @Test
  void matchingDeny_winsOverEveryAllow() throws Exception {
    PolicyInput atNight = request()
        .context(Map.of("dept", "finance", "env", "prod")).time("2026-12-01T03:00:00Z").build();
    Decision d = compile(FINANCE).evaluate(atNight, AT_NOON);
    assertThat(d.allowed()).isFalse();
    assertThat(d.basis()).isEqualTo(new DecisionBasis.DenyRule(2));
    assertThat(d.rules().get(0).outcome()).isEqualTo(RuleOutcome.MATCHED);
    assertThat(d.summary()).isEqualTo("deny by rule 2");
  }

  @Test
  void firstMatchingDeny_isTheDecidingRule() throws Exception {
    CompiledPolicy policy = compile("""
        policy: two-denies
        rules:
          - effect: allow
          - effect: deny
            capabilities: [release]
          - effect: deny
          - effect: deny
        """);
    assertThat(policy.evaluate(request().build(), AT_NOON).basis())
        .isEqualTo(new DecisionBasis.DenyRule(2));
    assertThat(policy.evaluate(request().capabilities("release").build(), AT_NOON).basis())
        .isEqualTo(new DecisionBasis.DenyRule(1));
  }

  @Test
  void denyForOneRequestedCapability_deniesTheWholeRequest() throws Exception {
    CompiledPolicy policy = compile("""
        policy: p
        rules:
          - effect: allow
          - effect: deny
            capabilities: [release]
        """);
    Decision d = policy.evaluate(request().capabilities("decrypt", "release").build(), AT_NOON);
    assertThat(d.allowed()).isFalse();
    assertThat(d.basis()).isEqualTo(new DecisionBasis.DenyRule(1));
  }

  @Test
  void ruleWithoutCapabilities_coversEveryCapability() throws Exception {
    CompiledPolicy policy = compile("policy: all\nrules:\n  - effect: allow\n");
    Decision d = policy.evaluate(
        request().capabilities("decrypt", "release", "generate-data-key").build(), AT_NOON);
    assertThat(d.allowed()).isTrue();
  }

  @Test
  void denyRuleForOtherCapability_doesNotApply() throws Exception {
    CompiledPolicy policy = compile("""
        policy: p
        rules:
          - effect: allow
          - effect: deny
            capabilities: [release]
        """);
    Decision d = policy.evaluate(request().capabilities("decrypt").build(), AT_NOON);
    assertThat(d.allowed()).isTrue();
    assertThat(d.rules().get(1).outcome()).isEqualTo(RuleOutcome.NOT_APPLICABLE);
  }

  @Test
  void missingKeyInAllowRule_doesNotMatchAndDenies() throws Exception {
    Decision d = compile(FINANCE).evaluate(request().build(), AT_NOON);
    assertThat(d.allowed()).isFalse();
    assertThat(d.rules().get(0).outcome()).isEqualTo(RuleOutcome.ERROR);
    assertThat(d.rules().get(0).detail())
        .isEqualTo("1:16: no such key: dept (ATTRIBUTE_NOT_FOUND)");
  }

  @Test
  void erroringDenyRule_denies_unlessItSaysOnErrorSkip() throws Exception {
    // Changed with issue 13 item 6: an erroring deny rule used to be skipped (fail open); it now
    // denies, and `onError: skip` keeps the old behaviour for the rules that ask for it.
    CompiledPolicy unguarded = compile("""
        policy: unguarded
        rules:
          - effect: allow
          - effect: deny
            when: request.context["env"] == "prod"
        """);
    Decision d = unguarded.evaluate(request().build(), AT_NOON);
    assertThat(d.allowed()).isFalse();
    assertThat(d.basis()).isEqualTo(new DecisionBasis.DenyRule(1));
    assertThat(d.rules().get(1).outcome()).isEqualTo(RuleOutcome.ERROR);

    CompiledPolicy skipping = compile("""
        policy: skipping
        rules:
          - effect: allow
          - effect: deny
            when: request.context["env"] == "prod"
            onError: skip
        """);
    assertThat(skipping.evaluate(request().build(), AT_NOON).allowed()).isTrue();

    CompiledPolicy guarded = compile("""
        policy: guarded
        rules:
          - effect: allow
          - effect: deny
            when: '!("env" in request.context) || request.context["env"] == "prod"'
        """);
    assertThat(guarded.evaluate(request().build(), AT_NOON).basis())
        .isEqualTo(new DecisionBasis.DenyRule(1));
  }

  @Test
  void conversionError_isReportedAsErrorNotThrown() throws Exception {
    CompiledPolicy policy = compile("""
        policy: p
        rules:
          - effect: allow
            when: int(request.context["n"]) > 3
        """);
    Decision d = policy.evaluate(request().context(Map.of("n", "three")).build(), AT_NOON);
    assertThat(d.allowed()).isFalse();
    assertThat(d.rules().get(0).outcome()).isEqualTo(RuleOutcome.ERROR);
    assertThat(d.rules().get(0).detail()).contains("BAD_FORMAT");
    assertThat(policy.evaluate(request().context(Map.of("n", "4")).build(), AT_NOON).allowed())
        .isTrue();
  }

  @Test
  void absentRequestTime_comesFromTheClock() throws Exception {
    CompiledPolicy policy = compile("""
        policy: before-2027
        rules:
          - effect: allow
            when: request.time < timestamp("2027-01-01T00:00:00Z")
        """);
    Clock before = Clock.fixed(Instant.parse("2026-12-31T23:59:59Z"), ZoneOffset.UTC);
    Clock after = Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC);
    assertThat(policy.evaluate(request().build(), before).allowed()).isTrue();
    assertThat(policy.evaluate(request().build(), after).allowed()).isFalse();
    assertThat(policy.evaluate(request().build(), before).time())
        .isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
    // An explicit request time wins over the clock.
    Decision explicit = policy.evaluate(request().time("2026-06-01T00:00:00Z").build(), after);
    assertThat(explicit.allowed()).isTrue();
    assertThat(explicit.time()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
  }

  @Test
  void durationsAndTimeZones_workOnRequestTime() throws Exception {
    CompiledPolicy policy = compile("""
        policy: p
        rules:
          - effect: allow
            when: >-
              request.time - timestamp("2026-12-01T11:00:00Z") <= duration("1h")
              && request.time.getHours("Asia/Tokyo") == 21
              && request.time.getDayOfWeek("UTC") == 2
        """);
    assertThat(policy.evaluate(request().build(), AT_NOON).allowed()).isTrue();
    assertThat(policy.evaluate(request().time("2026-12-01T12:00:01Z").build(), AT_NOON)
        .allowed()).isFalse();
  }

  @Test
  void unknownTimeZone_isAnError() throws Exception {
    Decision d = compile("""
        policy: p
        rules:
          - effect: allow
            when: request.time.getHours("Mars/Olympus") < 12
        """).evaluate(request().build(), AT_NOON);
    assertThat(d.allowed()).isFalse();
    assertThat(d.rules().get(0).outcome()).isEqualTo(RuleOutcome.ERROR);
    assertThat(d.rules().get(0).detail()).contains("Mars/Olympus");
  }

  @Test
  void clientAndAttestorVariables_areVisible() throws Exception {
    CompiledPolicy policy = compile("""
        policy: p
        rules:
          - effect: allow
            when: >-
              client.id == "app-1" && client.attributes["team"] == "payments"
              && attestor.id == "attestor-1" && attestor.labels["region"] == "eu"
              && request.keyId == "k1" && "decrypt" in request.capabilities
        """);
    PolicyInput input = request().attributes(Map.of("team", "payments"))
        .labels(Map.of("region", "eu")).build();
    assertThat(policy.evaluate(input, AT_NOON).allowed()).isTrue();
    PolicyInput us = request().attributes(Map.of("team", "payments"))
        .labels(Map.of("region", "us")).build();
    assertThat(policy.evaluate(us, AT_NOON).rules().get(0).outcome())
        .isEqualTo(RuleOutcome.NOT_MATCHED);
  }

  @Test
  void unicodeKeysAndValues_compareExactly() throws Exception {
    CompiledPolicy policy = compile("""
        policy: ユニコード
        rules:
          - effect: allow
            when: request.context["部署"] == "財務 💶" && "e\\u0301" != "é"
        """);
    assertThat(policy.name()).isEqualTo("ユニコード");
    assertThat(policy.evaluate(request().context(Map.of("部署", "財務 💶")).build(), AT_NOON)
        .allowed()).isTrue();
    assertThat(policy.evaluate(request().context(Map.of("部署", "財務")).build(), AT_NOON)
        .allowed()).isFalse();
  }
}
