package io.keyquorum.attestor;

import io.keyquorum.policy.AttestorFacts;
import io.keyquorum.policy.ClientFacts;
import io.keyquorum.policy.CombinedDecision;
import io.keyquorum.policy.CompiledPolicy;
import io.keyquorum.policy.Decision;
import io.keyquorum.policy.DecisionBasis;
import io.keyquorum.policy.InvalidPolicyException;
import io.keyquorum.policy.LocalPolicyState;
import io.keyquorum.policy.PolicyCompiler;
import io.keyquorum.policy.PolicyInput;
import io.keyquorum.policy.RequestFacts;
import io.keyquorum.policy.RuleExplanation;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.registry.PolicyRecord;
import io.keyquorum.registry.command.ClientRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Evaluates the key's policy (from the registry) and then this node's local policy; both must
 * allow. Key policies are compiled once per (key, policy version) and cached. Both fail closed:
 * a key policy that does not compile, or a local policy file that is not in force (it stopped
 * compiling), denies every request it governs.
 */
public final class PolicyJudge {
  /** Used when the operator configured no local policy: the key policy alone decides. */
  static final String NO_LOCAL_POLICY = "policy: no-local-policy\nrules:\n  - effect: allow\n";

  /** A judgement: allow or deny, the deciding rule, and a bounded explanation. */
  public record Verdict(boolean allow, String decidingRule, String explanation) {}

  private record Cached(long version, CompiledPolicy policy, String error) {}

  private final PolicyCompiler compiler;
  private final Supplier<LocalPolicyState> localPolicy;
  private final Clock clock;
  private final Map<String, Cached> keyPolicies = new ConcurrentHashMap<>();

  public PolicyJudge(PolicyCompiler compiler, Optional<Supplier<LocalPolicyState>> localPolicy, Clock clock) {
    this.compiler = compiler;
    this.clock = clock;
    if (localPolicy.isPresent()) {
      this.localPolicy = localPolicy.get();
    } else {
      CompiledPolicy allowAll;
      try {
        allowAll = compiler.compile(NO_LOCAL_POLICY.getBytes(StandardCharsets.UTF_8));
      } catch (InvalidPolicyException e) {
        throw new IllegalStateException("built-in local policy does not compile", e);
      }
      LocalPolicyState none = LocalPolicyState.inForce(allowAll);
      this.localPolicy = () -> none;
    }
  }

  public Verdict judge(String keyId, PolicyRecord record, KeyRequest request, ClientRecord client,
      String attestorId, Map<String, String> attestorLabels) {
    Cached cached = keyPolicies.compute(keyId, (k, old) -> old != null && old.version() == record.version() ? old
        : compile(record));
    if (cached.policy() == null) {
      return new Verdict(false, "key-policy/invalid",
          "key policy version " + record.version() + " of " + keyId + " does not compile: " + cached.error());
    }
    LocalPolicyState local = localPolicy.get();
    if (local.policy().isEmpty()) {
      return new Verdict(false, "local-policy/invalid",
          "local policy is not in force, so this attestor denies until it compiles: " + local.error().orElseThrow());
    }
    PolicyInput input = new PolicyInput(
        // Judged capabilities: delivery=client adds release, which the policy must allow.
        new RequestFacts(keyId, request.judgedCapabilityNames(), request.context(), request.delivery().wireName(),
            Optional.empty()),
        new ClientFacts(client.id(), client.roles(), client.attributes()),
        new AttestorFacts(attestorId, attestorLabels));
    CombinedDecision decision = CombinedDecision.evaluate(cached.policy(), local.policy().get(), input, clock);
    String explanation = "key policy " + describe(decision.keyPolicy()) + "; local policy " + describe(decision.localPolicy());
    if (decision.allowed()) {
      return new Verdict(true, rule("key-policy", decision.keyPolicy()) + " & " + rule("local-policy", decision.localPolicy()),
          explanation);
    }
    Decision denying = decision.keyPolicy().allowed() ? decision.localPolicy() : decision.keyPolicy();
    String layer = decision.keyPolicy().allowed() ? "local-policy" : "key-policy";
    return new Verdict(false, rule(layer, denying), explanation);
  }

  private Cached compile(PolicyRecord record) {
    try {
      return new Cached(record.version(), compiler.compile(record.document().getBytes(StandardCharsets.UTF_8)), null);
    } catch (InvalidPolicyException e) {
      return new Cached(record.version(), null, e.getMessage());
    }
  }

  /** e.g. {@code key-policy/finance-only#2} or {@code local-policy/night/default-deny}. */
  private static String rule(String layer, Decision d) {
    if (d.basis() instanceof DecisionBasis.DenyRule deny) {
      return layer + "/" + d.policyName() + "#" + deny.ruleIndex();
    }
    if (d.basis() instanceof DecisionBasis.AllowRules allow) {
      return layer + "/" + d.policyName() + "#"
          + allow.ruleIndexes().stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    return layer + "/" + d.policyName() + "/default-deny";
  }

  private static String describe(Decision d) {
    StringBuilder s = new StringBuilder(d.policyName()).append(": ").append(d.summary());
    for (RuleExplanation r : d.rules()) {
      s.append(" | rule ").append(r.index()).append(' ').append(r.effect().name().toLowerCase(java.util.Locale.ROOT))
          .append(": ").append(r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
          .append(" - ").append(r.detail());
    }
    return s.toString();
  }
}
