package io.keyquorum.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.group.Scalar;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.hpke.SealedBox;
import io.keyquorum.crypto.shamir.FeldmanCommitments;
import io.keyquorum.crypto.shamir.Reconstruction;
import io.keyquorum.crypto.shamir.Shamir;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.crypto.shamir.Sharing;
import io.keyquorum.crypto.shamir.Threshold;
import io.keyquorum.crypto.wrap.KeyWrap;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DESIGN §3–§4 key life cycle end to end through the public API only: wrap material under s,
 * split s, seal each released share to the recipient, open, combine with proof, unwrap.
 */
class KeyVersionLifecycleTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void releasedShares_rebuildTheMaterial_andATamperedShareIsNamed() {
    Threshold threshold = new Threshold(3, 5);
    byte[] materialBytes = new byte[32];
    random.nextBytes(materialBytes);
    SecretBytes material = SecretBytes.copyOf(materialBytes);

    // Key creation: the registry stores `wrapped` and the commitments; attestor i stores share i.
    byte[] wrapped;
    FeldmanCommitments commitments;
    List<SecretBytes> storedShares = new ArrayList<>();
    try (SecretBytes s = Scalar.randomNonZero(random).toSecretBytes();
        Sharing sharing = Shamir.split(s, threshold, random)) {
      wrapped = KeyWrap.wrap(s, "payments", 1, material, random);
      commitments = FeldmanCommitments.decode(sharing.commitments().encode());
      for (Share share : sharing.shares()) {
        storedShares.add(share.encode(SecretAccess.INSTANCE));
      }
    }

    // Release: attestors 1, 2, 4, 5 seal their shares to the recipient; attestor 2's is corrupt.
    HpkePrivateKey recipient = HpkePrivateKey.generate(random);
    byte[] info = "keyquorum/share-release/v1".getBytes(StandardCharsets.US_ASCII);
    byte[] aad = "request-digest".getBytes(StandardCharsets.US_ASCII);
    List<byte[]> wire = new ArrayList<>();
    for (int i : new int[] {2, 1, 4, 5}) {
      Share share = Share.decode(storedShares.get(i - 1));
      if (i == 2) {
        share = Share.of(2, share.value(SecretAccess.INSTANCE).add(Scalar.ONE));
      }
      wire.add(Hpke.seal(recipient.publicKey(), info, aad, share.encode(SecretAccess.INSTANCE)).encode());
    }

    // Rebuild: open, combine with proof against C_0, unwrap.
    List<Share> received = new ArrayList<>();
    for (byte[] box : wire) {
      try (SecretBytes opened = Hpke.open(recipient, SealedBox.decode(box), info, aad)) {
        received.add(Share.decode(opened));
      }
    }
    try (Reconstruction r = Shamir.combineVerified(received, commitments, threshold);
        SecretBytes unwrapped = KeyWrap.unwrap(r.secret(), "payments", 1, wrapped)) {
      assertThat(r.badIndices()).containsExactly(2);
      assertThat(unwrapped.equalsConstantTime(material)).isTrue();
    }
  }
}
