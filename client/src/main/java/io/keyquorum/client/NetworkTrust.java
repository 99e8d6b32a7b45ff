package io.keyquorum.client;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.KeyVersionFacts;
import io.keyquorum.protocol.RequestDigest;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.light.EpochChain;
import io.keyquorum.registry.light.EpochProof;
import io.keyquorum.registry.light.UnprovenMembershipException;
import io.keyquorum.rpc.v1.NetworkInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this client believes about its network, and why: the genesis its profile pins, the
 * membership epochs proven back to it, and nothing the orchestrator merely says (DESIGN §10
 * "trust roots").
 *
 * <p>Guarantee: {@link #of} accepts network info only if its genesis hashes to the pinned genesis
 * hash and every membership epoch it offers is proven committed ({@link EpochChain}); attestor
 * keys come from the latest proven epoch. {@link #checkEvidence} accepts a quorum only if every
 * attestation verifies under a member's key, names the pinned network, allows this request for
 * this key version, names no epoch beyond the proven ones, and all of them sign the same version
 * facts (epoch, t, n, commitments digest), with at least max(t, f + 1) of them (f of the proven
 * membership), so that at least one honest attestor vouches for the facts even if the orchestrator
 * colludes with f attestors; those facts are then the only source for the version's commitments
 * and t.
 */
record NetworkTrust(GenesisHash pinned, Genesis genesis, EpochChain chain) {

  static NetworkTrust of(GenesisHash pinned, NetworkInfo info) {
    try {
      SignedCommand signed = SignedCommand.decode(info.getGenesis().toByteArray());
      List<EpochProof> proofs = new ArrayList<>();
      info.getMembershipEpochsList().forEach(p -> proofs.add(EpochProof.decode(p.toByteArray())));
      EpochChain chain = EpochChain.verify(pinned, signed, proofs);
      return new NetworkTrust(pinned, signed.openPinnedGenesis(pinned), chain);
    } catch (UnprovenMembershipException | MalformedEncodingException | InvalidSignatureException e) {
      throw new KeyQuorumException(ErrorKind.UNAVAILABLE,
          "orchestrator's network description is not proven from the pinned genesis " + pinned + ": " + e.getMessage());
    }
  }

  /** Signing keys of the latest proven membership epoch. */
  Map<String, Ed25519PublicKey> attestorKeys() {
    return chain.head().keys();
  }

  /** Checks the quorum the orchestrator returned and returns the version facts it signs. */
  KeyVersionFacts checkEvidence(List<SignedAttestation> attestations, RequestDigest digest, String keyId,
      long version) {
    if (attestations.isEmpty()) {
      throw refused("returned a result without attestations");
    }
    Map<String, Ed25519PublicKey> keys = attestorKeys();
    Set<String> seen = new HashSet<>();
    KeyVersionFacts agreed = null;
    String agreedBy = null;
    for (SignedAttestation a : attestations) {
      String id = a.claimedAttestorId();
      Ed25519PublicKey key = keys.get(id);
      if (key == null) {
        throw refused("returned an attestation that is from unknown attestor " + id + " (not a member of membership epoch "
            + chain.head().number() + ")");
      }
      if (!seen.add(id)) {
        throw refused("returned an attestation that is from " + id + " twice");
      }
      Attestation judged;
      try {
        judged = a.verify(key);
      } catch (InvalidSignatureException | IllegalArgumentException e) {
        throw refused("returned an attestation that from " + id + " does not verify: " + e.getMessage());
      }
      if (!judged.network().equals(pinned)) {
        throw refused("returned an attestation that from " + id + " is for network " + judged.network()
            + ", not the pinned " + pinned);
      }
      if (!judged.allow() || !judged.requestDigest().equals(digest) || !judged.keyId().equals(keyId)
          || judged.keyVersion() != version) {
        throw refused("returned an attestation that from " + id + " does not approve this request for " + keyId + " v"
            + version);
      }
      try {
        chain.requireAtLeast(judged.facts().membershipEpoch());
      } catch (UnprovenMembershipException e) {
        throw refused("returned an attestation that from " + id + " cannot be placed: " + e.getMessage());
      }
      if (agreed == null) {
        agreed = judged.facts();
        agreedBy = id;
      } else if (!agreed.equals(judged.facts())) {
        throw refused("returned attestations that disagree on " + keyId + " v" + version + ": " + agreedBy + " signs "
            + agreed + ", " + id + " signs " + judged.facts());
      }
    }
    if (seen.size() < agreed.threshold()) {
      throw refused("returned " + seen.size() + " attestations for " + keyId + " v" + version + ", whose attestors sign t = "
          + agreed.threshold());
    }
    int f = chain.head().faultTolerance();
    if (seen.size() < f + 1) {
      // f colluding attestors could sign any facts (say t = 1 and commitments of a key the
      // orchestrator chose); f + 1 agreeing signatures include an honest one.
      throw refused("returned " + seen.size() + " attestations for " + keyId + " v" + version + "; at least f + 1 = "
          + (f + 1) + " must vouch for its t and commitments");
    }
    return agreed;
  }

  private static KeyQuorumException refused(String what) {
    return new KeyQuorumException(ErrorKind.UNAVAILABLE, "orchestrator " + what);
  }
}
