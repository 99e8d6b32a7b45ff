package io.keyquorum.client;

import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.shamir.FeldmanCommitments;
import io.keyquorum.crypto.shamir.InvalidShareException;
import io.keyquorum.crypto.shamir.Reconstruction;
import io.keyquorum.crypto.shamir.Shamir;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.crypto.shamir.Threshold;
import io.keyquorum.crypto.wrap.KeyWrap;
import io.keyquorum.protocol.KeyVersionFacts;
import io.keyquorum.protocol.RequestDigest;
import io.keyquorum.protocol.ShareRelease;
import io.keyquorum.protocol.ShareSealing;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.rpc.v1.ClientDelivery;
import io.keyquorum.rpc.v1.SignedShareRelease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * delivery=client: rebuilds a key version's material from the forwarded releases, on the client.
 * Each release must carry a valid signature of the attestor it names (keys from the proven
 * membership), name this request, key and version, and open under the request's ephemeral key.
 * The forwarded commitments and t are used only if they match the facts t verified attestations
 * sign; then the shares are combined with Feldman verification against those commitments, the
 * rebuilt s unwraps the material, and s and every share are zero-filled.
 */
final class ClientRebuild {
  private ClientRebuild() {}

  record Rebuilt(SecretBytes material, List<AttestorReport> excluded) {}

  /**
   * The forwarded commitments, if they are the ones the attestations sign. An orchestrator that
   * substitutes commitments (of a key it knows) or lowers t would otherwise have the client accept
   * a key of its choosing, or one rebuilt from fewer shares than the registry requires.
   */
  private static FeldmanCommitments attested(ClientDelivery delivery, String keyId, long version, KeyVersionFacts facts) {
    if (delivery.getThreshold() != facts.threshold() || delivery.getShareCount() != facts.shareCount()) {
      throw new KeyQuorumException(ErrorKind.UNAVAILABLE, "orchestrator forwarded threshold " + delivery.getThreshold()
          + " of " + delivery.getShareCount() + " for " + keyId + " v" + version + ", but the attestations sign t = "
          + facts.threshold() + " of " + facts.shareCount());
    }
    FeldmanCommitments commitments;
    try {
      commitments = FeldmanCommitments.decode(delivery.getCommitments().toByteArray());
    } catch (IllegalArgumentException e) {
      throw new KeyQuorumException(ErrorKind.UNAVAILABLE, "orchestrator forwarded malformed commitments for " + keyId
          + " v" + version + ": " + e.getMessage());
    }
    byte[] digest = KeyVersionFacts.digestOf(commitments.asList().stream().map(c -> c.encode()).toList());
    if (commitments.threshold() != facts.threshold() || !facts.commitmentsMatch(digest)) {
      throw new KeyQuorumException(ErrorKind.UNAVAILABLE, "orchestrator forwarded commitments for " + keyId + " v"
          + version + " that do not match the commitments digest the attestations sign");
    }
    return commitments;
  }

  static Rebuilt rebuild(ClientDelivery delivery, String keyId, long version, RequestDigest digest,
      HpkePrivateKey recipient, Map<String, Ed25519PublicKey> attestorKeys, KeyVersionFacts facts) {
    FeldmanCommitments commitments = attested(delivery, keyId, version, facts);
    List<Share> shares = new ArrayList<>();
    Map<Integer, String> byIndex = new HashMap<>();
    List<AttestorReport> excluded = new ArrayList<>();
    try {
      for (SignedShareRelease s : delivery.getReleasesList()) {
        String id = s.getAttestorId();
        try {
          Ed25519PublicKey key = Optional.ofNullable(attestorKeys.get(id)).orElseThrow(() ->
              new IllegalArgumentException(id + " is not a known attestor"));
          ShareRelease r = ShareRelease.decode(SignedEnvelope.of(s.getPayload().toByteArray(),
              s.getSignature().toByteArray()).open(ShareRelease.TAG, key));
          if (!r.attestorId().equals(id) || !r.keyId().equals(keyId) || r.keyVersion() != version
              || !r.requestDigest().equals(digest)) {
            throw new IllegalArgumentException("release is not for this request, key and version");
          }
          try (SecretBytes encoded = Hpke.open(recipient, r.sealedShare(), ShareSealing.INFO,
              ShareSealing.aad(digest, id, keyId, version, r.shareIndex()))) {
            Share share = Share.decode(encoded);
            if (share.index() != r.shareIndex()) {
              share.destroy();
              throw new IllegalArgumentException("share index differs from the release's");
            }
            shares.add(share);
            byIndex.put(share.index(), id);
          }
        } catch (InvalidSignatureException | DecryptionFailedException | IllegalArgumentException e) {
          excluded.add(new AttestorReport(id, "bad-share", e.getMessage(), Optional.empty()));
        }
      }
      Threshold threshold = new Threshold(facts.threshold(), facts.shareCount());
      try (Reconstruction r = Shamir.combineVerified(shares, commitments, threshold)) {
        r.badIndices().forEach(i -> excluded.add(new AttestorReport(byIndex.get(i), "bad-share",
            "share " + i + " fails its Feldman check", Optional.empty())));
        return new Rebuilt(KeyWrap.unwrap(r.secret(), keyId, version, delivery.getWrappedMaterial().toByteArray()),
            excluded);
      } catch (InvalidShareException e) {
        e.badIndices().forEach(i -> excluded.add(new AttestorReport(byIndex.get(i), "bad-share",
            "share " + i + " fails its Feldman check", Optional.empty())));
        throw new KeyQuorumException(ErrorKind.INVALID_SHARE, "too few valid shares to rebuild " + keyId + " v" + version
            + ": " + excluded, excluded, e);
      } catch (IllegalArgumentException e) {
        throw new KeyQuorumException(ErrorKind.INVALID_SHARE, "cannot rebuild " + keyId + " v" + version + ": "
            + e.getMessage() + (excluded.isEmpty() ? "" : "; excluded " + excluded), excluded, e);
      } catch (DecryptionFailedException e) {
        throw new KeyQuorumException(ErrorKind.INVALID_SHARE,
            "wrapped material for " + keyId + " v" + version + " does not open under the rebuilt secret", excluded, e);
      }
    } finally {
      shares.forEach(Share::destroy);
    }
  }
}
