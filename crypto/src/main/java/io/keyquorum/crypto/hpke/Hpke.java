package io.keyquorum.crypto.hpke;

import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * Single-shot HPKE (RFC 9180) in base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and
 * AES-128-GCM, over BouncyCastle's {@code org.bouncycastle.crypto.hpke}.
 *
 * <p>Guarantees (RFC 9180 §9): only the holder of the recipient private key can open a box (IND-CCA2
 * under the gap-CDH assumption on X25519); {@code info} and {@code aad} are authenticated, so a
 * box made for one context never opens in another; each seal uses a fresh ephemeral key, so the
 * single sequence number 0 never repeats a nonce. The sender is not authenticated (base mode):
 * callers that need to know who sealed it sign the box.
 */
public final class Hpke {
  private Hpke() {}

  static HPKE suite() {
    return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
  }

  /**
   * Seals {@code plaintext} to {@code recipient}.
   *
   * @throws IllegalArgumentException if the recipient key is a low-order point (the X25519 shared
   *     secret would be all zeros, RFC 9180 §7.1.4)
   */
  public static SealedBox seal(HpkePublicKey recipient, byte[] info, byte[] aad, byte[] plaintext) {
    HPKE hpke = suite();
    return seal(hpke, recipient, info, aad, plaintext, hpke.generatePrivateKey());
  }

  /** Seals a secret (a share, a key) to {@code recipient}; the temporary plaintext copy is zero-filled. */
  public static SealedBox seal(HpkePublicKey recipient, byte[] info, byte[] aad, SecretBytes plaintext) {
    byte[] raw = plaintext.toByteArray(SecretAccess.INSTANCE);
    try {
      return seal(recipient, info, aad, raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Seals with a given ephemeral key pair; only for reproducing RFC 9180 known answers. */
  static SealedBox seal(
      HPKE hpke, HpkePublicKey recipient, byte[] info, byte[] aad, byte[] plaintext, AsymmetricCipherKeyPair ephemeral) {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(aad, "aad");
    Objects.requireNonNull(plaintext, "plaintext");
    AsymmetricKeyParameter pkR = new X25519PublicKeyParameters(recipient.raw());
    HPKEContextWithEncapsulation ctx;
    try {
      ctx = hpke.setupBaseS(pkR, info, ephemeral);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("recipient public key is a low-order X25519 point; refusing to seal", e);
    }
    try {
      return new SealedBox(ctx.getEncapsulation(), ctx.seal(aad, plaintext));
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("HPKE seal failed", e);
    }
  }

  /**
   * Opens a box sealed to {@code recipient}'s public key with the same {@code info} and {@code
   * aad}.
   *
   * @throws DecryptionFailedException if the box was sealed to another key, with another info or
   *     aad, or was tampered with; no plaintext is released
   */
  public static SecretBytes open(HpkePrivateKey recipient, SealedBox box, byte[] info, byte[] aad) {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(aad, "aad");
    HPKE hpke = suite();
    AsymmetricCipherKeyPair keyPair = recipient.keyPair(); // fails here if destroyed
    try {
      return SecretBytes.adopt(hpke.open(box.enc(), keyPair, info, aad, box.ciphertext(), null, null, null));
    } catch (InvalidCipherTextException e) {
      throw new DecryptionFailedException("HPKE box does not open: wrong recipient key, info or aad, or tampered ciphertext", e);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // BouncyCastle signals a low-order enc (all-zero X25519 shared secret) this way.
      throw new DecryptionFailedException("HPKE enc is not a usable X25519 public key", e);
    }
  }
}
