package io.keyquorum.policy;

import static io.keyquorum.policy.Inputs.AT_NOON;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random policies and requests, decided both by the engine and by a plain model of the
 * documented semantics; the two must agree on every case. Seeded, so a failure reproduces.
 */
class PolicySemanticsModelTest {
  private static final List<String> CAPABILITIES = List.of("decrypt", "release", "generate-data-key");

  /** Conditions whose outcome the model knows without CEL: true, false or error. */
  private static final Map<String, RuleOutcome> CONDITIONS = Map.of(
      "true", RuleOutcome.MATCHED,
      "request.keyId == \"k1\"", RuleOutcome.MATCHED,
      "false", RuleOutcome.NOT_MATCHED,
      "\"admin\" in client.roles", RuleOutcome.NOT_MATCHED,
      "request.context[\"absent\"] == \"x\"", RuleOutcome.ERROR,
      "int(request.keyId) > 0", RuleOutcome.ERROR);
  private static final List<String> CONDITION_TEXTS = List.copyOf(new TreeSet<>(CONDITIONS.keySet()));

  private record Case(PolicyDocument document, PolicyInput input) {}

  private static Case randomCase(Random random) {
    List<PolicyRule> rules = new ArrayList<>();
    int ruleCount = random.nextInt(6);
    for (int i = 0; i < ruleCount; i++) {
      Set<String> caps = random.nextInt(3) == 0 ? Set.of() : randomSubset(random);
      Effect effect = random.nextInt(3) == 0 ? Effect.DENY : Effect.ALLOW;
      OnError onError =
          effect == Effect.DENY && random.nextBoolean() ? OnError.SKIP : OnError.DENY;
      rules.add(new PolicyRule(effect, caps,
          CONDITION_TEXTS.get(random.nextInt(CONDITION_TEXTS.size())), onError));
    }
    PolicyInput input = new PolicyInput(
        new RequestFacts("k1", List.copyOf(randomSubset(random)), Map.of(), Optional.empty()),
        new ClientFacts("c", List.of("reader"), Map.of()),
        new AttestorFacts("a", Map.of()));
    return new Case(new PolicyDocument("random", rules), input);
  }

  private static Set<String> randomSubset(Random random) {
    Set<String> subset = new LinkedHashSet<>();
    while (subset.isEmpty()) {
      for (String cap : CAPABILITIES) {
        if (random.nextBoolean()) {
          subset.add(cap);
        }
      }
    }
    return subset;
  }

  /** The semantics of docs/POLICY.md, written as plainly as possible. */
  private static DecisionBasis model(Case c) {
    List<String> requested = c.input().request().capabilities();
    List<Integer> allows = new ArrayList<>();
    Set<String> covered = new TreeSet<>();
    for (int i = 0; i < c.document().rules().size(); i++) {
      PolicyRule rule = c.document().rules().get(i);
      boolean applies = requested.stream().anyMatch(rule::covers);
      RuleOutcome outcome = CONDITIONS.get(rule.when());
      boolean matches = applies && outcome == RuleOutcome.MATCHED;
      // An error fails closed: a deny rule denies unless it says onError: skip.
      boolean errorDenies = applies && outcome == RuleOutcome.ERROR
          && rule.effect() == Effect.DENY && rule.onError() == OnError.DENY;
      if ((matches || errorDenies) && rule.effect() == Effect.DENY) {
        return new DecisionBasis.DenyRule(i);
      }
      if (matches) {
        allows.add(i);
        requested.stream().filter(rule::covers).forEach(covered::add);
      }
    }
    return covered.containsAll(requested) && !allows.isEmpty()
        ? new DecisionBasis.AllowRules(allows) : new DecisionBasis.DefaultDeny();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 7, 42, 2026})
  void engineAgreesWithTheModel(long seed) throws Exception {
    Random random = new Random(seed);
    PolicyCompiler compiler = new PolicyCompiler();
    for (int n = 0; n < 150; n++) {
      Case c = randomCase(random);
      Decision d = compiler.compile(c.document()).evaluate(c.input(), AT_NOON);
      assertThat(d.basis()).as("seed %d case %d: %s / %s", seed, n, c.document(), c.input())
          .isEqualTo(model(c));
      for (RuleExplanation e : d.rules()) {
        RuleOutcome expected = c.input().request().capabilities().stream()
            .anyMatch(c.document().rules().get(e.index())::covers)
            ? CONDITIONS.get(c.document().rules().get(e.index()).when())
            : RuleOutcome.NOT_APPLICABLE;
        assertThat(e.outcome()).as("seed %d case %d rule %d", seed, n, e.index())
            .isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {3})
  void concurrentEvaluation_ofOneCompiledPolicy_isConsistent(long seed) throws Exception {
    Random random = new Random(seed);
    PolicyCompiler compiler = new PolicyCompiler();
    List<Case> cases = new ArrayList<>();
    List<CompiledPolicy> policies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Case c = randomCase(random);
      cases.add(c);
      policies.add(compiler.compile(c.document()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          for (int round = 0; round < 50; round++) {
            for (int i = 0; i < cases.size(); i++) {
              Decision d = policies.get(i).evaluate(cases.get(i).input(), AT_NOON);
              if (!d.basis().equals(model(cases.get(i)))) {
                return false;
              }
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
