package io.keyquorum.benchmarks.policy;

import io.keyquorum.policy.AttestorFacts;
import io.keyquorum.policy.ClientFacts;
import io.keyquorum.policy.CompiledPolicy;
import io.keyquorum.policy.Decision;
import io.keyquorum.policy.InvalidPolicyException;
import io.keyquorum.policy.PolicyCompiler;
import io.keyquorum.policy.PolicyInput;
import io.keyquorum.policy.RequestFacts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one decision by a compiled five-rule policy using context, roles, attributes and time.
 * The request asks for two capabilities, so four rules apply and are evaluated and the release
 * rule is skipped, as in ordinary traffic. Target: under 10 µs per decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PolicyEvaluationBenchmark {
  static final String POLICY =
      """
      policy: payments-production
      rules:
        - effect: allow
          capabilities: [generate-data-key, decrypt]
          when: request.context["dept"] == "finance" && client.attributes["team"] == "payments"
        - effect: allow
          capabilities: [decrypt]
          when: '"auditor" in client.roles && request.keyId.startsWith("audit-")'
        - effect: allow
          capabilities: [release]
          when: request.time < timestamp("2027-01-01T00:00:00Z") && "escrow-officer" in client.roles
        - effect: deny
          when: >-
            "env" in request.context && request.context["env"] == "prod"
            && (request.time.getHours("UTC") < 6 || request.time.getHours("UTC") >= 22)
        - effect: deny
          when: '"revoked" in client.roles || attestor.labels["maintenance"] == "true"'
      """;

  private CompiledPolicy policy;
  private PolicyInput input;
  private Clock clock;

  @Setup
  public void setUp() throws InvalidPolicyException {
    policy = new PolicyCompiler().compile(POLICY.getBytes(StandardCharsets.UTF_8));
    input =
        new PolicyInput(
            new RequestFacts(
                "k1",
                List.of("decrypt", "generate-data-key"),
                Map.of("dept", "finance", "env", "prod", "purpose", "invoice-archive"),
                Optional.empty()),
            new ClientFacts("app-1", List.of("reader", "writer"), Map.of("team", "payments")),
            new AttestorFacts("attestor-1", Map.of("maintenance", "false", "region", "eu")));
    clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    Decision check = policy.evaluate(input, clock);
    if (!check.allowed()) {
      throw new IllegalStateException("benchmark input must be allowed: " + check.summary());
    }
  }

  @Benchmark
  public Decision evaluateFiveRules() {
    return policy.evaluate(input, clock);
  }
}
