package io.keyquorum.protocol;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.protocol.QuorumRefusedException.Fault;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a quorum certificate authorises releasing shares for one request.
 *
 * <p>Guarantee: {@link #check} accepts only when at least t members, from distinct attestors in
 * the key's set, each carry a valid signature by that attestor, name this network's genesis hash,
 * allow the same request digest for
 * the same key version, are unexpired, and judged at or after the key's last committed change —
 * and, when {@code requiredMember} is set, that attestor's own attestation is among them. Any bad
 * member refuses the whole certificate: an honest orchestrator never sends one, so a bad member
 * is evidence of an attack, not noise to skip.
 *
 * @param network this network's genesis hash: an attestation signed for another network never counts
 * @param keyId the key the request resolved to
 * @param keyVersion the version being released
 * @param keyAttestors the key version's attestor set, with their registered signing keys
 * @param threshold t
 * @param minRegistryHeight the height of the last committed change to the key; older judgements
 *     may predate a revocation
 */
public record QuorumRule(
    GenesisHash network,
    String keyId,
    long keyVersion,
    Map<String, Ed25519PublicKey> keyAttestors,
    int threshold,
    long minRegistryHeight) {

  public QuorumRule {
    if (network == null || network.isNone()) {
      throw new IllegalArgumentException("a quorum rule needs its network's genesis hash");
    }
    keyAttestors = Map.copyOf(keyAttestors);
    if (threshold < 1 || threshold > keyAttestors.size()) {
      throw new IllegalArgumentException("threshold " + threshold + " impossible for " + keyAttestors.size() + " attestors");
    }
  }

  /** How far in the checker's future an attestation may be issued by default (clock disagreement). */
  public static final long DEFAULT_CLOCK_SKEW_MILLIS = 5_000;

  /** {@link #check(QuorumCertificate, RequestDigest, long, long, Optional)} with the default skew. */
  public List<Attestation> check(
      QuorumCertificate qc, RequestDigest digest, long nowMillis, Optional<String> requiredMember) {
    return check(qc, digest, nowMillis, DEFAULT_CLOCK_SKEW_MILLIS, requiredMember);
  }

  /**
   * Returns the accepted attestations, or throws {@link QuorumRefusedException} naming the first
   * fault. Each member must be valid at {@code nowMillis}, except that one issued up to {@code
   * clockSkewMillis} in the future is accepted: the t attestors' clocks never agree exactly.
   */
  public List<Attestation> check(QuorumCertificate qc, RequestDigest digest, long nowMillis, long clockSkewMillis,
      Optional<String> requiredMember) {
    if (qc.attestations().size() < threshold) {
      throw new QuorumRefusedException(Fault.TOO_FEW,
          "quorum certificate has " + qc.attestations().size() + " attestations; " + threshold + " needed");
    }
    Set<String> seen = new HashSet<>();
    List<Attestation> accepted = new ArrayList<>();
    for (SignedAttestation member : qc.attestations()) {
      String id = member.claimedAttestorId();
      Ed25519PublicKey key = keyAttestors.get(id);
      if (key == null) {
        throw new QuorumRefusedException(Fault.NOT_A_MEMBER,
            "attestor " + id + " is not in the attestor set of " + keyId);
      }
      if (!seen.add(id)) {
        throw new QuorumRefusedException(Fault.DUPLICATE,
            "attestor " + id + " appears twice in the quorum certificate");
      }
      Attestation a;
      try {
        a = member.verify(key);
      } catch (InvalidSignatureException | MalformedEncodingException e) {
        throw new QuorumRefusedException(Fault.BAD_SIGNATURE,
            "attestation from " + id + " is invalid: " + e.getMessage());
      }
      if (!a.network().equals(network)) {
        throw new QuorumRefusedException(Fault.WRONG_NETWORK,
            "attestation from " + id + " is for network " + a.network() + ", this network's genesis is " + network);
      }
      if (!a.requestDigest().equals(digest)) {
        throw new QuorumRefusedException(Fault.WRONG_REQUEST,
            "attestation from " + id + " is for another request (digest " + a.requestDigest() + ")");
      }
      if (!a.keyId().equals(keyId) || a.keyVersion() != keyVersion) {
        throw new QuorumRefusedException(Fault.WRONG_KEY,
            "attestation from " + id + " is for " + a.keyId() + " v" + a.keyVersion());
      }
      if (!a.allow()) {
        throw new QuorumRefusedException(Fault.DENIES,
            "attestation from " + id + " denies the request (" + a.decidingRule() + ")");
      }
      if (!a.isValidAt(nowMillis, clockSkewMillis)) {
        throw new QuorumRefusedException(Fault.EXPIRED, "attestation from " + id + " is expired or not yet valid"
            + " (issued at " + a.issuedAtMillis() + ", expires at " + a.expiresAtMillis() + ", now " + nowMillis
            + ", allowed skew " + clockSkewMillis + " ms)");
      }
      if (a.registryHeight() < minRegistryHeight) {
        throw new QuorumRefusedException(Fault.STALE_HEIGHT,
            "attestation from " + id + " judged at registry height " + a.registryHeight()
                + ", before the key's last change at " + minRegistryHeight);
      }
      accepted.add(a);
    }
    if (requiredMember.isPresent() && !seen.contains(requiredMember.get())) {
      throw new QuorumRefusedException(Fault.LACKS_OWN,
          "quorum certificate lacks this attestor's (" + requiredMember.get() + ") own attestation");
    }
    return List.copyOf(accepted);
  }
}
