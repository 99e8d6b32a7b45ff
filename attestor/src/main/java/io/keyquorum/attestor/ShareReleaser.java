package io.keyquorum.attestor;

import io.keyquorum.attestor.audit.AuditLog;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.SealedBox;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.QuorumRefusedException;
import io.keyquorum.protocol.QuorumRule;
import io.keyquorum.protocol.ShareRelease;
import io.keyquorum.protocol.ShareSealing;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.registry.Governance;
import io.keyquorum.registry.KeyVersion;
import io.keyquorum.registry.PolicyRecord;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.registry.command.KeyDeal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Releases this attestor's share against a quorum certificate (DESIGN §4 step 5).
 *
 * <p>Guarantee: a share leaves only HPKE-sealed to the recipient named in a request whose client
 * signature verifies, when {@link QuorumRule} accepts the certificate for that exact request
 * digest — at least t valid, unexpired, allowing attestations from distinct members of the key
 * version's set, this attestor's own among them, none judged before the key's last change — and
 * the key and version are still usable in this node's replica, and the client, as the replica
 * records it now, is still allowed the request by the key policy and this node's local policy.
 * Each request digest is released at most once by this node. Everything else is refused with the
 * cause, and audited.
 */
public final class ShareReleaser {
  private final String nodeId;
  private final Ed25519PrivateKey signingKey;
  private final Supplier<RegistryState> registry;
  private final ShareVault vault;
  private final ReleaseLedger ledger;
  private final PolicyJudge judge;
  private final AuditLog audit;
  private final AttestorSettings settings;
  private final Clock clock;

  public ShareReleaser(AttestorIdentity identity, Supplier<RegistryState> registry, ShareVault vault,
      ReleaseLedger ledger, PolicyJudge judge, AuditLog audit, AttestorSettings settings, Clock clock) {
    this.nodeId = identity.nodeId();
    this.signingKey = identity.signingKey();
    this.registry = registry;
    this.vault = vault;
    this.ledger = ledger;
    this.judge = judge;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
  }

  /** Returns the signed {@link ShareRelease}, or refuses with the cause. */
  public SignedEnvelope release(byte[] signedRequest, byte[] quorumCertificate) throws RefusedException {
    RegistryState state = registry.get();
    VerifiedRequest verified = null;
    try {
      AttestorInfo self = Readiness.self(state, nodeId);
      verified = VerifiedRequest.verify(signedRequest, state);
      KeyRequest request = verified.request();
      long now = clock.millis();
      // The QC's attestations expire within the TTL of being issued, and were issued only for
      // requests within the skew; this bound says the same without trusting them.
      long window = settings.clockSkew().plus(settings.attestationTtl()).toMillis();
      if (Math.abs(now - request.issuedAtMillis()) > window) {
        throw new RefusedException(Refusal.STALE, "request issued at " + request.issuedAtMillis()
            + " is too old to release for (window " + window / 1000 + " s, attestor time " + now + ")");
      }
      if (quorumCertificate == null || quorumCertificate.length == 0) {
        throw new RefusedException(Refusal.QUORUM_REFUSED, "release requires a quorum certificate; none was sent",
            QuorumRefusedException.Fault.TOO_FEW.wireName());
      }
      QuorumCertificate qc;
      try {
        qc = QuorumCertificate.decode(quorumCertificate);
      } catch (IllegalArgumentException e) {
        throw new RefusedException(Refusal.MALFORMED, "malformed quorum certificate: " + e.getMessage());
      }
      KeyStanding standing = KeyStanding.judge(state, request);
      String keyId = standing.key().keyId();
      long version = ownAttestedVersion(qc, state.governance().get(), keyId);
      if (request.keyVersion() != 0 && request.keyVersion() != version) {
        throw new RefusedException(Refusal.QUORUM_REFUSED,
            "quorum attested version " + version + " but the request names version " + request.keyVersion(),
            QuorumRefusedException.Fault.WRONG_KEY.wireName());
      }
      KeyStanding now0 = KeyStanding.judge(state, withVersion(request, version));
      if (now0.objection().isPresent()) {
        throw new RefusedException(Refusal.KEY_UNUSABLE, now0.objection().get());
      }
      KeyVersion kv = standing.key().versions().get(version);
      KeyDeal deal = kv.deal();
      Map<String, Ed25519PublicKey> members = new LinkedHashMap<>();
      for (String id : deal.attestors()) {
        state.governance().get().attestor(id).ifPresent(a -> members.put(id, a.signingKey()));
      }
      QuorumRule rule = new QuorumRule(state.governance().get().genesisHash(), keyId, version, members, deal.threshold(), standing.key().changedAtHeight());
      try {
        rule.check(qc, verified.digest(), now, settings.attestationSkew().toMillis(), Optional.of(nodeId));
      } catch (QuorumRefusedException e) {
        throw new RefusedException(Refusal.QUORUM_REFUSED, "quorum certificate refused: " + e.getMessage(),
            e.fault().wireName());
      }
      recheckStanding(state, keyId, withVersion(request, version), verified, self);
      int index = deal.shareIndexOf(nodeId);
      Optional<Share> share;
      try {
        share = vault.get(keyId, version);
      } catch (CustodyUnavailableException e) {
        // Nothing recorded yet: the same request may be released once custody is back.
        throw new RefusedException(Refusal.NOT_READY, "custody unavailable: " + e.getMessage());
      }
      if (share.isEmpty()) {
        throw new RefusedException(Refusal.NO_SHARE, "attestor " + nodeId + " holds no share of " + keyId + " v" + version);
      }
      if (ledger.released(verified.digest())) {
        share.get().destroy();
        throw alreadyReleased(verified);
      }
      SealedBox sealed;
      try (Share s = share.get(); SecretBytes plain = s.encode(SecretAccess.INSTANCE)) {
        sealed = Hpke.seal(request.recipient(), ShareSealing.INFO,
            ShareSealing.aad(verified.digest(), nodeId, keyId, version, index), plain);
      }
      ShareRelease release = new ShareRelease(nodeId, keyId, version, index, verified.digest(), sealed);
      SignedEnvelope envelope = SignedEnvelope.sign(ShareRelease.TAG, release.encode(), signingKey);
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("client", request.clientId());
      detail.put("key", keyId);
      detail.put("version", version);
      detail.put("shareIndex", index);
      detail.put("quorum", qc.attestations().stream().map(SignedAttestation::claimedAttestorId).toList());
      detail.put("registryHeight", state.height());
      String json = AuditLog.json(detail);
      String subject = verified.digest().hex();
      // The released digest and its audit row commit together, before the share leaves.
      if (!ledger.recordIfFirst(verified.digest(), keyId, version, now, c -> audit.appendIn(c, "release", subject, json))) {
        throw alreadyReleased(verified);
      }
      return envelope;
    } catch (RefusedException e) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("op", "release");
      detail.put("reason", e.reason().name());
      detail.put("message", e.getMessage());
      if (verified != null) {
        detail.put("client", verified.request().clientId());
      }
      audit.append("refuse", verified != null ? verified.digest().hex() : "-", detail);
      throw e;
    }
  }

  /**
   * The quorum judged the client as it stood then. UpdateClient changes a client without changing
   * the key, so the certificate's height rule does not see a role or attribute removed since; an
   * attestation issued before must not be spent after. So the policies are evaluated again, now,
   * on the client's current record. (A disabled or re-keyed client already failed {@link
   * VerifiedRequest}.)
   */
  private void recheckStanding(RegistryState state, String keyId, KeyRequest request, VerifiedRequest verified,
      AttestorInfo self) throws RefusedException {
    PolicyRecord policy = state.policy(keyId).orElseThrow(() -> new RefusedException(Refusal.STANDING_CHANGED,
        "key " + keyId + " has no policy"));
    PolicyJudge.Verdict now = judge.judge(keyId, policy, request, verified.client(), nodeId, self.labels());
    if (!now.allow()) {
      throw new RefusedException(Refusal.STANDING_CHANGED, "client " + request.clientId()
          + " is no longer allowed this request (" + now.decidingRule() + "); attestations issued before do not count");
    }
  }

  private RefusedException alreadyReleased(VerifiedRequest verified) {
    return new RefusedException(Refusal.ALREADY_RELEASED,
        "attestor " + nodeId + " already released its share for request " + verified.digest().hex());
  }

  /** The version this attestor's own (verified) member of the certificate attests. */
  private long ownAttestedVersion(QuorumCertificate qc, Governance governance, String keyId) throws RefusedException {
    AttestorInfo self = governance.attestor(nodeId).orElseThrow();
    for (SignedAttestation member : qc.attestations()) {
      if (member.claimedAttestorId().equals(nodeId)) {
        Attestation mine;
        try {
          mine = member.verify(self.signingKey());
        } catch (InvalidSignatureException | MalformedEncodingException e) {
          throw new RefusedException(Refusal.QUORUM_REFUSED,
              "quorum certificate refused: attestation from " + nodeId + " is invalid: " + e.getMessage(),
              QuorumRefusedException.Fault.BAD_SIGNATURE.wireName());
        }
        if (!mine.keyId().equals(keyId)) {
          throw new RefusedException(Refusal.QUORUM_REFUSED,
              "quorum certificate refused: this attestor attested key " + mine.keyId() + ", not " + keyId,
              QuorumRefusedException.Fault.WRONG_KEY.wireName());
        }
        return mine.keyVersion();
      }
    }
    throw new RefusedException(Refusal.QUORUM_REFUSED,
        "quorum certificate refused: it lacks this attestor's (" + nodeId + ") own attestation",
        QuorumRefusedException.Fault.LACKS_OWN.wireName());
  }

  private static KeyRequest withVersion(KeyRequest r, long version) {
    return new KeyRequest(r.network(), r.clientId(), r.keyRef(), version, r.capabilities(), r.context(), r.recipient(), r.nonce(),
        r.issuedAtMillis(), r.delivery());
  }
}
