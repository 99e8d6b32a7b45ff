package io.keyquorum.policy;

import static io.keyquorum.policy.Inputs.compile;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The compile-time warnings about deny rules that can error on what a client sends. */
class DenyRuleCheckTest {
  private static List<String> warnings(String denyWhen) throws Exception {
    return compile("policy: p\nrules:\n  - effect: allow\n  - effect: deny\n    when: '"
        + denyWhen.replace("'", "''") + "'\n")
        .warnings().stream().map(PolicyWarning::message).toList();
  }

  @Test
  void unguardedMapRead_inADenyRule_isWarnedWithItsPosition() throws Exception {
    assertThat(warnings("request.context[\"env\"] == \"prod\"")).containsExactly(
        "rule 1 (line 5): when 1:16: request.context[\"env\"] is read without a guard "
            + "(\"env\" in request.context or has(...)), so a request without that key makes the "
            + "condition error; if it errors, this deny rule denies (onError: deny)");
  }

  @Test
  void guardedMapRead_isNotWarned() throws Exception {
    assertThat(warnings("\"env\" in request.context && request.context[\"env\"] == \"prod\""))
        .isEmpty();
    assertThat(warnings("has(request.context.env) && request.context.env == \"prod\"")).isEmpty();
    assertThat(warnings("!(\"env\" in request.context) || request.context[\"env\"] == \"prod\""))
        .isEmpty();
  }

  @Test
  void guardForAnotherKeyOrMap_doesNotCount() throws Exception {
    assertThat(warnings("\"dept\" in request.context && request.context[\"env\"] == \"prod\""))
        .singleElement().asString().contains("request.context[\"env\"] is read without a guard");
    assertThat(warnings("\"env\" in client.attributes && request.context[\"env\"] == \"prod\""))
        .hasSize(1);
  }

  @Test
  void fieldStyleMapRead_andEveryMapVariable_areChecked() throws Exception {
    assertThat(warnings("request.context.env == \"prod\" || client.attributes[\"team\"] == \"x\""
        + " || attestor.labels[\"zone\"] == \"eu\""))
        .hasSize(3)
        .anySatisfy(w -> assertThat(w).contains("request.context.env is read without a guard"))
        .anySatisfy(w -> assertThat(w).contains("client.attributes[\"team\"]"))
        .anySatisfy(w -> assertThat(w).contains("attestor.labels[\"zone\"]"));
  }

  @Test
  void conversionOfAClientString_isWarnedEvenWhenTheReadIsGuarded() throws Exception {
    assertThat(warnings("\"amount\" in request.context && int(request.context[\"amount\"]) > 1000"))
        .singleElement().asString()
        .contains("when 1:35: int(...) converts a value that may not convert");
    assertThat(warnings("\"t\" in request.context && timestamp(request.context[\"t\"]) < request.time"))
        .singleElement().asString().contains("timestamp(...)");
    assertThat(warnings("\"d\" in request.context && double(request.context[\"d\"]) > 1.5"))
        .singleElement().asString().contains("double(...)");
  }

  @Test
  void literalConversions_andSafeReads_areNotWarned() throws Exception {
    assertThat(warnings("request.time > timestamp(\"2027-01-01T00:00:00Z\")")).isEmpty();
    assertThat(warnings("\"admin\" in client.roles && request.keyId.startsWith(\"k\")")).isEmpty();
    assertThat(warnings("request.context.exists(k, request.context[k] == \"x\")")).isEmpty();
  }

  @Test
  void computedOrFixedIndex_isWarned() throws Exception {
    assertThat(warnings("request.context[request.keyId] == \"x\"")).singleElement().asString()
        .contains("request.context[...] is read with a computed index");
    assertThat(warnings("client.roles[0] == \"admin\"")).singleElement().asString()
        .contains("client.roles[...] is read at a fixed index");
  }

  @Test
  void skipRule_warningSaysTheRuleFailsOpen() throws Exception {
    List<PolicyWarning> w = compile("""
        policy: p
        rules:
          - effect: deny
            when: request.context["env"] == "prod"
            onError: skip
        """).warnings();
    assertThat(w).singleElement().satisfies(x -> {
      assertThat(x.ruleIndex()).isZero();
      assertThat(x.documentLine()).isEqualTo(4);
      assertThat(x.detail()).endsWith("this deny rule is skipped and does not deny (onError: skip)");
    });
  }

  @Test
  void allowRules_areNotChecked() throws Exception {
    assertThat(compile("""
        policy: p
        rules:
          - effect: allow
            when: int(request.context["n"]) > 3
        """).warnings()).isEmpty();
  }
}
