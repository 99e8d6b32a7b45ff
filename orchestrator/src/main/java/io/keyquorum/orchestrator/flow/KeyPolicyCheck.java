package io.keyquorum.orchestrator.flow;

import io.keyquorum.policy.AttestorFacts;
import io.keyquorum.policy.ClientFacts;
import io.keyquorum.policy.CompiledPolicy;
import io.keyquorum.policy.Decision;
import io.keyquorum.policy.InvalidPolicyException;
import io.keyquorum.policy.PolicyCompiler;
import io.keyquorum.policy.PolicyInput;
import io.keyquorum.policy.RequestFacts;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.PolicyRecord;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.AttestorInfo;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Catches an attestor that signs an allow its key policy forbids. An attestor allows only when the
 * key policy and its local policy both allow, and local policies can only add denials; so when the
 * key policy, evaluated here on the same inputs, denies, no honest attestor can have allowed. Such
 * an allow is named ({@link AttestorFault#CONTRADICTS_KEY_POLICY}) and left out of the quorum
 * certificate. The threshold already keeps fewer than t such allows from releasing anything; this
 * check names the liar, and keeps its allow from counting toward t alongside honest ones.
 *
 * <p>No false accusations from timing: the check is skipped when the attestor judged at a registry
 * height this orchestrator's replica has not reached, or before the key's last change in it (the
 * policies may differ; the threshold alone then protects); and a denial counts only if the policy
 * denies both at the attestation's issue time and {@link #JUDGING_SLACK_MILLIS} before it (the
 * attestor judged just before it signed). A client whose roles or attributes changed between the
 * two heights can still make an honest allow look contradictory; the request then fails closed,
 * which is the safe direction. A policy this orchestrator cannot compile is not held against
 * anyone: attestors on another release may compile it.
 */
public final class KeyPolicyCheck {
  static final long JUDGING_SLACK_MILLIS = 2_000;

  private record Compiled(long version, Optional<CompiledPolicy> policy) {}

  private final PolicyCompiler compiler = new PolicyCompiler();
  private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

  /**
   * The check for one resolved request. It reads the replica as it is when an answer arrives, so
   * an attestor a few blocks ahead of the resolving state is still checked.
   */
  public AllowCheck forRequest(Supplier<RegistryState> registry, KeyResolver.Resolution resolution) {
    String keyId = resolution.key().keyId();
    // Compile now, on the request's thread, so answers arriving on transport threads only evaluate.
    registry.get().policy(keyId).ifPresent(this::compiled);
    return (attestorId, attestation) -> {
      RegistryState state = registry.get();
      Optional<KeyRecord> key = state.key(keyId);
      // Judged at a height this replica has not reached, or before the key's last change here:
      // the policy the attestor saw may not be the one read here, so there is nothing to hold it to.
      if (attestation.registryHeight() > state.height() || key.isEmpty()
          || key.get().changedAtHeight() > attestation.registryHeight()) {
        return Optional.empty();
      }
      Optional<PolicyRecord> record = state.policy(keyId);
      if (record.isEmpty()) {
        return Optional.of("allow contradicts key policy: " + keyId + " has no policy, so honest attestors deny");
      }
      Compiled compiled = compiled(record.get());
      if (compiled.policy().isEmpty()) {
        // Attestors on another release may compile what this one cannot: no grounds to accuse.
        return Optional.empty();
      }
      Map<String, String> labels = state.governance().flatMap(g -> g.attestor(attestorId)).map(AttestorInfo::labels)
          .orElse(Map.of());
      PolicyInput input = input(resolution, attestorId, labels);
      Decision atIssue = evaluate(compiled.policy().get(), input, attestation.issuedAtMillis());
      if (atIssue.allowed()
          || evaluate(compiled.policy().get(), input, attestation.issuedAtMillis() - JUDGING_SLACK_MILLIS).allowed()) {
        return Optional.empty();
      }
      return Optional.of("allow contradicts key policy " + atIssue.policyName() + " v" + compiled.version() + " ("
          + atIssue.summary() + ")");
    };
  }

  /**
   * A courtesy refusal (DESIGN §4 step 2) of a {@code delivery=client} request that the key policy
   * would allow with {@code delivery=orchestrator} but not with the release client delivery
   * implies, as judged for more than n − t of the key's attestors: no quorum of honest attestors
   * can allow it, and the client asked for a mode its policy does not grant. The attestors judge
   * it again (and deny) if this check is skipped; it only gives the client the precise cause.
   */
  public Optional<String> clientDeliveryObjection(RegistryState state, KeyResolver.Resolution resolution,
      long nowMillis) {
    KeyRequest request = resolution.request();
    ResolvedKey key = resolution.key();
    Optional<PolicyRecord> record = state.policy(key.keyId());
    if (request.delivery() != io.keyquorum.protocol.DeliveryMode.CLIENT || record.isEmpty()) {
      return Optional.empty();
    }
    Optional<CompiledPolicy> policy = compiled(record.get()).policy();
    if (policy.isEmpty()) {
      return Optional.empty();
    }
    int refusing = 0;
    Decision example = null;
    for (String attestorId : key.attestors()) {
      Map<String, String> labels = state.governance().flatMap(g -> g.attestor(attestorId)).map(AttestorInfo::labels)
          .orElse(Map.of());
      PolicyInput asClient = input(resolution, attestorId, labels);
      PolicyInput asOrchestrator = new PolicyInput(new RequestFacts(key.keyId(), request.capabilityNames(),
          request.context(), RequestFacts.ORCHESTRATOR, Optional.empty()), asClient.client(), asClient.attestor());
      Decision client = evaluate(policy.get(), asClient, nowMillis);
      if (!client.allowed() && evaluate(policy.get(), asOrchestrator, nowMillis).allowed()) {
        refusing++;
        example = client;
      }
    }
    if (refusing <= key.attestors().size() - key.threshold()) {
      return Optional.empty();
    }
    return Optional.of("delivery=client gives client " + request.clientId() + " the key itself, so the key policy "
        + example.policyName() + " must allow release, and it does not (" + example.summary()
        + "); use delivery=orchestrator");
  }

  private static PolicyInput input(KeyResolver.Resolution resolution, String attestorId, Map<String, String> labels) {
    KeyRequest request = resolution.request();
    return new PolicyInput(
        new RequestFacts(resolution.key().keyId(), request.judgedCapabilityNames(), request.context(),
            request.delivery().wireName(), Optional.empty()),
        new ClientFacts(resolution.client().id(), resolution.client().roles(), resolution.client().attributes()),
        new AttestorFacts(attestorId, labels));
  }

  private static Decision evaluate(CompiledPolicy policy, PolicyInput input, long atMillis) {
    return policy.evaluate(input, Clock.fixed(Instant.ofEpochMilli(atMillis), ZoneOffset.UTC));
  }

  /** The policy compiled, from the cache when this version was compiled before. */
  private Compiled compiled(PolicyRecord record) {
    return cache.compute(record.keyId(), (k, old) -> old != null && old.version() == record.version() ? old
        : compile(record));
  }

  private Compiled compile(PolicyRecord record) {
    try {
      byte[] document = record.document().getBytes(StandardCharsets.UTF_8);
      return new Compiled(record.version(), Optional.of(compiler.compile(document)));
    } catch (InvalidPolicyException e) {
      return new Compiled(record.version(), Optional.empty());
    }
  }
}
