package io.keyquorum.orchestrator.flow;

import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.shamir.InvalidShareException;
import io.keyquorum.crypto.shamir.Reconstruction;
import io.keyquorum.crypto.shamir.Shamir;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.protocol.delivery.ErrorKind;
import java.util.List;

/** Interpolates s from verified shares, proves s·G = C_0, unwraps the material and erases s. */
final class MaterialRebuild {
  private MaterialRebuild() {}

  static SecretBytes rebuild(ResolvedKey key, List<Share> shares) {
    try (Reconstruction r = Shamir.combineVerified(shares, key.commitments(), key.shamirThreshold())) {
      return io.keyquorum.crypto.wrap.KeyWrap.unwrap(r.secret(), key.keyId(), key.keyVersion(),
          key.deal().wrappedMaterial().toByteArray());
    } catch (InvalidShareException e) {
      throw new OrchestratorException(ErrorKind.INVALID_SHARE, "shares " + e.getMessage());
    } catch (DecryptionFailedException e) {
      // The shares rebuilt C_0, so the dealer published wrapped material that does not match.
      throw new OrchestratorException(ErrorKind.UNAVAILABLE,
          "key " + key.keyId() + " v" + key.keyVersion() + ": wrapped material does not open under the rebuilt secret");
    }
  }
}
