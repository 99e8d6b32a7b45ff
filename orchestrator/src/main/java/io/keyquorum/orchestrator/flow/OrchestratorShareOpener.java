package io.keyquorum.orchestrator.flow;

import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.shamir.FeldmanCommitments;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.protocol.RequestDigest;
import io.keyquorum.protocol.ShareRelease;
import io.keyquorum.protocol.ShareSealing;

/**
 * Orchestrator mode: opens a released share with the delivery key and checks it against the key
 * version's Feldman commitments, so a bad share is caught and its attestor named before any
 * interpolation (DESIGN §4 step 6).
 */
final class OrchestratorShareOpener implements ShareOpener<Share> {
  private final ResolvedKey key;
  private final RequestDigest digest;
  private final HpkePrivateKey deliveryKey;
  private final FeldmanCommitments commitments;

  OrchestratorShareOpener(ResolvedKey key, RequestDigest digest, HpkePrivateKey deliveryKey) {
    this.key = key;
    this.digest = digest;
    this.deliveryKey = deliveryKey;
    this.commitments = key.commitments();
  }

  @Override
  public Share open(VerifiedRelease verified) {
    ShareRelease r = verified.release();
    byte[] aad = ShareSealing.aad(digest, r.attestorId(), r.keyId(), r.keyVersion(), r.shareIndex());
    Share share;
    try (SecretBytes encoded = Hpke.open(deliveryKey, r.sealedShare(), ShareSealing.INFO, aad)) {
      share = Share.decode(encoded);
    } catch (DecryptionFailedException e) {
      throw new BadShareException("sealed share does not open under this request's delivery key");
    } catch (IllegalArgumentException e) {
      throw new BadShareException("share is malformed: " + e.getMessage());
    }
    if (share.index() != r.shareIndex()) {
      share.destroy();
      throw new BadShareException("sealed share has index " + share.index() + ", release says " + r.shareIndex());
    }
    if (!commitments.verifyShare(share)) {
      share.destroy();
      throw new BadShareException("share " + r.shareIndex() + " fails its Feldman check against the key's commitments");
    }
    return share;
  }
}
