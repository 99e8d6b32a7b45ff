package io.keyquorum.crypto.hpke;

import static io.keyquorum.crypto.VectorFiles.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.VectorFiles;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.AEAD;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

/**
 * RFC 9180 Appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode.
 * BouncyCastle does not expose the derived AEAD key and base nonce; the three ciphertexts at
 * sequence numbers 0..2, reproduced both by the derived context and by a bare AEAD built from the
 * vector's key and base_nonce, pin them.
 */
class HpkeRfc9180Test {
  // Hard-coded core values so this runs without the shared vectors directory.
  static final String INFO = "4f6465206f6e2061204772656369616e2055726e";
  static final String IKM_E = "7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234";
  static final String PK_EM = "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431";
  static final String IKM_R = "6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037";
  static final String PK_RM = "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d";
  static final String SK_RM = "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8";
  static final String PT = "4265617574792069732074727574682c20747275746820626561757479";
  static final String AAD_0 = "436f756e742d30";
  static final String CT_0 = "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a";

  @Test
  void hardCodedVector_derivesKeys_sealsToTheRfcCiphertext_andOpens() {
    HpkePrivateKey recipient = HpkePrivateKey.derive(SecretBytes.copyOf(hex(IKM_R)));
    assertThat(recipient.publicKey().raw()).isEqualTo(hex(PK_RM));
    assertThat(recipient.raw(SecretAccess.INSTANCE).toByteArray(SecretAccess.INSTANCE)).isEqualTo(hex(SK_RM));
    assertThat(HpkePrivateKey.derive(SecretBytes.copyOf(hex(IKM_E))).publicKey().raw()).isEqualTo(hex(PK_EM));

    HPKE suite = Hpke.suite();
    AsymmetricCipherKeyPair ephemeral = suite.deriveKeyPair(hex(IKM_E));
    SealedBox box = Hpke.seal(suite, recipient.publicKey(), hex(INFO), hex(AAD_0), hex(PT), ephemeral);
    assertThat(box.enc()).isEqualTo(hex(PK_EM));
    assertThat(box.ciphertext()).isEqualTo(hex(CT_0));

    try (SecretBytes opened = Hpke.open(recipient, box, hex(INFO), hex(AAD_0))) {
      assertThat(opened.toByteArray(SecretAccess.INSTANCE)).isEqualTo(hex(PT));
    }
  }

  @Test
  void vectorFile_keyPairsEncAndAllThreeCiphertextsMatch() throws Exception {
    JsonNode v = VectorFiles.load("hpke-rfc9180-A.1.1.json");
    assertThat(v.get("kem_id").asInt()).isEqualTo(HPKE.kem_X25519_SHA256);
    assertThat(v.get("aead_id").asInt()).isEqualTo(HPKE.aead_AES_GCM128);
    byte[] info = hex(v, "info");
    HpkePrivateKey recipient = HpkePrivateKey.derive(SecretBytes.copyOf(hex(v, "ikmR")));
    assertThat(recipient.publicKey().raw()).isEqualTo(hex(v, "pkRm"));
    assertThat(recipient.raw(SecretAccess.INSTANCE).toByteArray(SecretAccess.INSTANCE)).isEqualTo(hex(v, "skRm"));

    HPKE suite = Hpke.suite();
    AsymmetricCipherKeyPair ephemeral = suite.deriveKeyPair(hex(v, "ikmE"));
    HPKEContextWithEncapsulation sender =
        suite.setupBaseS(new X25519PublicKeyParameters(hex(v, "pkRm")), info, ephemeral);
    assertThat(sender.getEncapsulation()).isEqualTo(hex(v, "enc")).isEqualTo(hex(v, "pkEm"));
    HPKEContext receiver = suite.setupBaseR(hex(v, "enc"), recipient.keyPair(), info);

    // The vector's key and base_nonce, fed to a bare AEAD, give the same ciphertexts as the
    // context BouncyCastle derived from the key schedule: so the schedule derived them.
    AEAD fromVector = new AEAD(HPKE.aead_AES_GCM128, hex(v, "key"), hex(v, "base_nonce"));
    for (JsonNode e : v.get("encryptions")) {
      String label = "seq " + e.get("seq").asInt();
      byte[] ct = sender.seal(hex(e, "aad"), hex(e, "pt"));
      assertThat(ct).as(label).isEqualTo(hex(e, "ct"));
      assertThat(fromVector.seal(hex(e, "aad"), hex(e, "pt"))).as(label + " from key and base_nonce").isEqualTo(hex(e, "ct"));
      assertThat(receiver.open(hex(e, "aad"), ct)).as(label).isEqualTo(hex(e, "pt"));
    }

    // Our single-shot API reproduces sequence 0 and opens it.
    JsonNode first = v.get("encryptions").get(0);
    SealedBox box = Hpke.seal(suite, recipient.publicKey(), info, hex(first, "aad"), hex(first, "pt"), ephemeral);
    assertThat(box.ciphertext()).isEqualTo(hex(first, "ct"));
    assertThat(Hpke.open(recipient, box, info, hex(first, "aad")).toByteArray(SecretAccess.INSTANCE))
        .isEqualTo(hex(first, "pt"));
  }
}
