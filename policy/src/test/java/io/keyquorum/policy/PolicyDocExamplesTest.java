package io.keyquorum.policy;

import static io.keyquorum.policy.Inputs.AT_NOON;
import static io.keyquorum.policy.Inputs.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every policy example and every limit in docs/POLICY.md, checked against the code. */
class PolicyDocExamplesTest {
  private static Map<String, String> examples;

  @BeforeAll
  static void readDoc() throws Exception {
    examples = PolicyDoc.examples();
  }

  private static CompiledPolicy example(String name) throws InvalidPolicyException {
    assertThat(examples).containsKey(name);
    return new PolicyCompiler().compile(examples.get(name).getBytes(StandardCharsets.UTF_8));
  }

  private static boolean allows(CompiledPolicy policy, Inputs input) {
    return policy.evaluate(input.build(), AT_NOON).allowed();
  }

  @Test
  void docShowsExactlyTheTestedExamples() {
    assertThat(examples.keySet()).containsExactly("finance-only", "department-only",
        "business-hours", "expiry", "escrow-release", "no-prod-at-night");
  }

  @Test
  void financeOnly_example() throws Exception {
    CompiledPolicy p = example("finance-only");
    Map<String, String> payments = Map.of("team", "payments");
    assertThat(allows(p, request().context(Map.of("dept", "finance")).attributes(payments)))
        .isTrue();
    assertThat(allows(p, request().context(Map.of("dept", "hr")).attributes(payments))).isFalse();
    assertThat(allows(p, request().capabilities("release").roles("escrow-officer")
        .time("2026-12-31T12:00:00Z"))).isTrue();
    assertThat(allows(p, request().capabilities("release").roles("escrow-officer")
        .time("2027-01-01T12:00:00Z"))).isFalse();
    Decision night = p.evaluate(request().context(Map.of("dept", "finance", "env", "prod"))
        .attributes(payments).time("2026-12-01T05:59:00Z").build(), AT_NOON);
    assertThat(night.basis()).isEqualTo(new DecisionBasis.DenyRule(2));
  }

  @Test
  void departmentOnly_example() throws Exception {
    CompiledPolicy p = example("department-only");
    assertThat(allows(p, request().context(Map.of("dept", "finance")))).isTrue();
    assertThat(allows(p, request().context(Map.of("dept", "Finance")))).isFalse();
    assertThat(allows(p, request())).isFalse();
    assertThat(allows(p, request().capabilities("release").context(Map.of("dept", "finance"))))
        .isFalse();
  }

  @Test
  void businessHours_example() throws Exception {
    CompiledPolicy p = example("business-hours");
    // 2026-12-01 is a Tuesday; Paris is UTC+1 in December.
    assertThat(allows(p, request().time("2026-12-01T08:00:00Z"))).isTrue();
    assertThat(allows(p, request().time("2026-12-01T07:59:59Z"))).isFalse();
    assertThat(allows(p, request().time("2026-12-01T16:59:59Z"))).isTrue();
    assertThat(allows(p, request().time("2026-12-01T17:00:00Z"))).isFalse();
    assertThat(allows(p, request().time("2026-12-05T10:00:00Z"))).isFalse(); // Saturday
  }

  @Test
  void expiry_example() throws Exception {
    CompiledPolicy p = example("expiry");
    assertThat(p.name()).isEqualTo("expires-end-of-2026");
    assertThat(allows(p, request().time("2026-12-31T23:59:59Z"))).isTrue();
    assertThat(allows(p, request().time("2027-01-01T00:00:00Z"))).isFalse();
  }

  @Test
  void escrowRelease_example() throws Exception {
    CompiledPolicy p = example("escrow-release");
    Map<String, String> legal = Map.of("team", "legal");
    assertThat(allows(p, request().capabilities("release").roles("escrow-officer")
        .attributes(legal))).isTrue();
    assertThat(allows(p, request().capabilities("release").roles("reader").attributes(legal)))
        .isFalse();
    assertThat(allows(p, request().capabilities("release").roles("escrow-officer"))).isFalse();
    assertThat(allows(p, request().capabilities("decrypt", "release").roles("reader")))
        .isFalse();
    assertThat(allows(p, request().capabilities("decrypt").roles("reader"))).isTrue();
  }

  @Test
  void noProdAtNight_example() throws Exception {
    CompiledPolicy p = example("no-prod-at-night");
    Map<String, String> prod = Map.of("env", "prod");
    assertThat(allows(p, request().context(prod).time("2026-12-01T23:00:00Z"))).isFalse();
    assertThat(allows(p, request().context(prod).time("2026-12-01T05:59:59Z"))).isFalse();
    assertThat(allows(p, request().context(prod).time("2026-12-01T06:00:00Z"))).isTrue();
    assertThat(allows(p, request().context(Map.of("env", "dev")).time("2026-12-01T23:00:00Z")))
        .isTrue();
    // The guard: no env key is "not production", and the rule does not error.
    Decision noEnv = p.evaluate(request().time("2026-12-01T23:00:00Z").build(), AT_NOON);
    assertThat(noEnv.allowed()).isTrue();
    assertThat(noEnv.rules().get(1).outcome()).isEqualTo(RuleOutcome.NOT_MATCHED);
  }

  @Test
  void failClosedGuard_fromTheSemanticsSection_deniesWithoutTheKey() throws Exception {
    String doc = PolicyDoc.text();
    String guard = "!(\"env\" in request.context) || request.context[\"env\"] == \"prod\"";
    assertThat(doc).contains("`" + guard + "`");
    CompiledPolicy p = new PolicyCompiler().compile(new PolicyDocument("g", java.util.List.of(
        new PolicyRule(Effect.ALLOW, java.util.Set.of(), "true"),
        new PolicyRule(Effect.DENY, java.util.Set.of(), guard))));
    assertThat(allows(p, request())).isFalse();
    assertThat(allows(p, request().context(Map.of("env", "dev")))).isTrue();
  }

  @Test
  void limitsTable_matchesPolicyLimits() throws Exception {
    Map<String, Integer> documented = new HashMap<>();
    Matcher m = Pattern.compile("\\| `(MAX_[A-Z_]+)` \\| (\\d+) \\|").matcher(PolicyDoc.text());
    while (m.find()) {
      documented.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    Map<String, Integer> actual = new HashMap<>();
    for (Field field : PolicyLimits.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
        actual.put(field.getName(), field.getInt(null));
      }
    }
    assertThat(documented).isEqualTo(actual);
  }
}
