package io.keyquorum.policy;

import static io.keyquorum.policy.Inputs.AT_NOON;
import static io.keyquorum.policy.Inputs.compile;
import static io.keyquorum.policy.Inputs.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CombinedDecisionTest {
  private static final String KEY_POLICY = """
      policy: key
      rules:
        - effect: allow
          when: request.context["dept"] == "finance"
      """;
  // A maintenance window: everything allowed except between 12:00 and 13:00 UTC.
  private static final String LOCAL_POLICY = """
      policy: maintenance
      rules:
        - effect: allow
        - effect: deny
          when: request.time.getHours("UTC") == 12
      """;

  @Test
  void bothAllow_isAllowed() throws Exception {
    CombinedDecision d = CombinedDecision.evaluate(compile(KEY_POLICY), compile(LOCAL_POLICY),
        request().context(Map.of("dept", "finance")).time("2026-12-01T09:00:00Z").build(), AT_NOON);
    assertThat(d.allowed()).isTrue();
    assertThat(d.deniedBy()).isEmpty();
  }

  @Test
  void localDeny_overridesKeyAllow_andIsNamed() throws Exception {
    CombinedDecision d = CombinedDecision.evaluate(compile(KEY_POLICY), compile(LOCAL_POLICY),
        request().context(Map.of("dept", "finance")).build(), AT_NOON);
    assertThat(d.keyPolicy().allowed()).isTrue();
    assertThat(d.allowed()).isFalse();
    assertThat(d.deniedBy()).containsExactly(CombinedDecision.Layer.LOCAL_POLICY);
    assertThat(d.localPolicy().basis()).isEqualTo(new DecisionBasis.DenyRule(1));
  }

  @Test
  void keyDeny_isNotRescuedByLocalAllow() throws Exception {
    CombinedDecision d = CombinedDecision.evaluate(compile(KEY_POLICY), compile(LOCAL_POLICY),
        request().context(Map.of("dept", "hr")).time("2026-12-01T09:00:00Z").build(), AT_NOON);
    assertThat(d.allowed()).isFalse();
    assertThat(d.deniedBy()).containsExactly(CombinedDecision.Layer.KEY_POLICY);
  }

  @Test
  void bothDeny_namesBoth() throws Exception {
    CombinedDecision d = CombinedDecision.evaluate(compile(KEY_POLICY), compile(LOCAL_POLICY),
        request().context(Map.of("dept", "hr")).build(), AT_NOON);
    assertThat(d.deniedBy()).isEqualTo(List.of(
        CombinedDecision.Layer.KEY_POLICY, CombinedDecision.Layer.LOCAL_POLICY));
  }
}
