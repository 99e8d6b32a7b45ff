package io.keyquorum.attestor;

import io.keyquorum.attestor.audit.AuditLog;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.KeyVersionFacts;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.registry.KeyVersion;
import io.keyquorum.registry.PolicyRecord;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.AttestorInfo;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Judges one signed client request (DESIGN §4 step 4) and signs the judgement.
 *
 * <p>Order of checks: the client's signature and registration (and that it is enabled); the
 * timestamp against the allowed skew; the nonce against the persisted cache; the key's state and
 * version in this node's registry replica; the key policy, then the local policy. The first three
 * failing, or an unknown key, is a {@link RefusedException}: there is nothing to attest about. From
 * the moment a key resolves, the answer is a signed attestation — a denial when the key state or a
 * policy says no — which the client may keep as evidence. Every outcome is in the audit log
 * before this method returns.
 */
public final class Attester {
  private final String nodeId;
  private final Ed25519PrivateKey signingKey;
  private final Supplier<RegistryState> registry;
  private final NonceCache nonces;
  private final PolicyJudge judge;
  private final AuditLog audit;
  private final AttestorSettings settings;
  private final Clock clock;

  public Attester(AttestorIdentity identity, Supplier<RegistryState> registry, NonceCache nonces, PolicyJudge judge,
      AuditLog audit, AttestorSettings settings, Clock clock) {
    this.nodeId = identity.nodeId();
    this.signingKey = identity.signingKey();
    this.registry = registry;
    this.nonces = nonces;
    this.judge = judge;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
  }

  private static RefusedException replay(KeyRequest request) {
    return new RefusedException(Refusal.REPLAY, "nonce already used by client " + request.clientId()
        + " inside the freshness window (replayed request)");
  }

  /**
   * The version's t, n and commitments as this replica holds them, signed so that a client can
   * take them from t agreeing attestations instead of from the orchestrator. Membership is fixed at
   * genesis, so every judgement is under epoch 0 until membership changes exist.
   */
  static KeyVersionFacts facts(KeyStanding standing) {
    KeyVersion v = standing.key().versions().get(standing.version());
    if (v == null) {
      return KeyVersionFacts.UNKNOWN;
    }
    return new KeyVersionFacts(0, v.deal().threshold(), v.deal().attestors().size(),
        KeyVersionFacts.digestOf(v.deal().commitments().stream().map(c -> c.toByteArray()).toList()));
  }

  /** A judgement as signed, with its parsed body (for metrics and callers in-process). */
  public record Attested(SignedAttestation signed, Attestation attestation) {}

  /** Returns the signed attestation, allow or deny, or refuses with the cause. */
  public Attested attest(byte[] signedRequest) throws RefusedException {
    RegistryState state = registry.get();
    VerifiedRequest verified = null;
    try {
      AttestorInfo self = Readiness.self(state, nodeId);
      verified = VerifiedRequest.verify(signedRequest, state);
      KeyRequest request = verified.request();
      long now = clock.millis();
      long skew = settings.clockSkew().toMillis();
      if (Math.abs(now - request.issuedAtMillis()) > skew) {
        throw new RefusedException(Refusal.STALE, "request issued at " + request.issuedAtMillis()
            + " is outside the allowed clock skew of " + settings.clockSkew().toSeconds() + " s (attestor time " + now + ")");
      }
      if (nonces.seen(request.clientId(), request.nonce())) {
        throw replay(request);
      }
      KeyStanding standing = KeyStanding.judge(state, request);
      PolicyJudge.Verdict verdict;
      if (standing.objection().isPresent()) {
        verdict = new PolicyJudge.Verdict(false, KeyStanding.RULE, standing.objection().get());
      } else {
        PolicyRecord policy = state.policy(standing.key().keyId()).orElse(null);
        verdict = policy == null
            ? new PolicyJudge.Verdict(false, "key-policy/missing", "key " + standing.key().keyId() + " has no policy")
            : judge.judge(standing.key().keyId(), policy, request, verified.client(), nodeId, self.labels());
      }
      long issued = clock.millis();
      Attestation attestation = new Attestation(state.governance().get().genesisHash(), nodeId,
          standing.key().keyId(), standing.version(), state.height(), facts(standing), verified.digest(), verdict.allow(), verdict.decidingRule(), verdict.explanation(), issued,
          issued + settings.attestationTtl().toMillis());
      SignedAttestation signed = SignedAttestation.sign(attestation, signingKey);
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("client", request.clientId());
      detail.put("key", standing.key().keyId());
      detail.put("version", standing.version());
      detail.put("capabilities", request.capabilityNames());
      detail.put("allow", verdict.allow());
      detail.put("rule", verdict.decidingRule());
      detail.put("registryHeight", state.height());
      detail.put("expiresAt", attestation.expiresAtMillis());
      String json = AuditLog.json(detail);
      String subject = verified.digest().hex();
      // The nonce and the audit row commit together, before the answer leaves: a concurrent
      // duplicate loses here and is refused, and nothing acknowledged can be missing after a crash.
      if (!nonces.recordIfNew(request.clientId(), request.nonce(), request.issuedAtMillis() + skew + 1, now,
          c -> audit.appendIn(c, "attest", subject, json))) {
        throw replay(request);
      }
      return new Attested(signed, attestation);
    } catch (RefusedException e) {
      throw refused(e, verified);
    }
  }

  /**
   * The checks that need no fresh registry state and cost no disk write: the node is ready, the
   * claimed client is registered and enabled, and the signature verifies. Run before any wait, so
   * an unauthenticated caller is refused at once and cannot make this node hold anything for it.
   */
  public void admit(byte[] signedRequest) throws RefusedException {
    RegistryState state = registry.get();
    try {
      Readiness.self(state, nodeId);
      VerifiedRequest.verify(signedRequest, state);
    } catch (RefusedException e) {
      throw refused(e, null);
    }
  }

  private RefusedException refused(RefusedException e, VerifiedRequest verified) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("op", "attest");
    detail.put("reason", e.reason().name());
    detail.put("message", e.getMessage());
    if (verified != null) {
      detail.put("client", verified.request().clientId());
    }
    audit.append("refuse", verified != null ? verified.digest().hex() : "-", detail);
    return e;
  }
}
