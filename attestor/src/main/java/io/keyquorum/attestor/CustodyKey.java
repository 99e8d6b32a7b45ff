package io.keyquorum.attestor;

import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The node's software custody key (DESIGN §7): AES-256-GCM under a key derived with scrypt from
 * an operator's passphrase file. Everything secret the node stores (shares, its identity keys) is
 * sealed under it with an aad that names what the value is, so a sealed share cannot be moved
 * into another key's slot or passed off as an identity.
 *
 * <p>The salt and scrypt parameters live beside the data ({@value #SALT_FILE}); they are not
 * secret. Default cost N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s): the passphrase file is the
 * secret, and an offline guesser pays that cost per guess.
 */
public final class CustodyKey implements Custody {
  public static final String SALT_FILE = "custody.salt";
  public static final int DEFAULT_N = 1 << 15;
  public static final int DEFAULT_R = 8;
  public static final int DEFAULT_P = 1;
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final int MAX_PASSPHRASE = 4096;

  private final SecretBytes key;
  private final SecureRandom random;

  private CustodyKey(SecretBytes key, SecureRandom random) {
    this.key = key;
    this.random = random;
  }

  /**
   * Derives the key from {@code passphraseFile}, creating the salt file in {@code dataDir} on
   * first use with the given cost.
   */
  public static CustodyKey open(Path dataDir, Path passphraseFile, int n, int r, int p, SecureRandom random)
      throws IOException {
    byte[] passphrase = readPassphrase(passphraseFile);
    try {
      Path saltFile = dataDir.resolve(SALT_FILE);
      long cn;
      long cr;
      long cp;
      byte[] salt;
      if (Files.exists(saltFile)) {
        CanonicalReader in = new CanonicalReader(Files.readAllBytes(saltFile));
        cn = in.u32("scrypt N");
        cr = in.u32("scrypt r");
        cp = in.u32("scrypt p");
        salt = in.bytes("salt", 64);
        in.finish();
      } else {
        cn = n;
        cr = r;
        cp = p;
        salt = new byte[16];
        random.nextBytes(salt);
        Files.createDirectories(dataDir);
        Files.write(saltFile, new CanonicalWriter().u32(n).u32(r).u32(p).bytes(salt).toByteArray());
      }
      byte[] derived = SCrypt.generate(passphrase, salt, (int) cn, (int) cr, (int) cp, 32);
      return new CustodyKey(SecretBytes.adopt(derived), random);
    } finally {
      Arrays.fill(passphrase, (byte) 0);
    }
  }

  private static byte[] readPassphrase(Path file) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    int end = raw.length;
    // Editors add a trailing newline; it is not part of the passphrase.
    while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) {
      end--;
    }
    byte[] passphrase = Arrays.copyOf(raw, end);
    Arrays.fill(raw, (byte) 0);
    if (passphrase.length == 0 || passphrase.length > MAX_PASSPHRASE) {
      Arrays.fill(passphrase, (byte) 0);
      throw new IOException("passphrase file " + file + " must hold 1.." + MAX_PASSPHRASE + " bytes");
    }
    return passphrase;
  }

  /** Seals {@code plaintext}; the output is nonce ‖ ciphertext ‖ tag. */
  @Override
  public byte[] seal(byte[] aad, byte[] plaintext) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] k = key.toByteArray(io.keyquorum.crypto.SecretAccess.INSTANCE);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(aad);
      byte[] ct = gcm.doFinal(plaintext);
      byte[] out = Arrays.copyOf(nonce, NONCE + ct.length);
      System.arraycopy(ct, 0, out, NONCE, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM sealing failed", e);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /**
   * Opens a value sealed with the same aad.
   *
   * @throws DecryptionFailedException on a wrong passphrase, another aad, or tampered bytes
   */
  @Override
  public SecretBytes open(byte[] aad, byte[] sealed) {
    if (sealed.length < NONCE + TAG_BITS / 8) {
      throw new DecryptionFailedException("sealed value is too short");
    }
    byte[] k = key.toByteArray(io.keyquorum.crypto.SecretAccess.INSTANCE);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"),
          new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
      gcm.updateAAD(aad);
      return SecretBytes.adopt(gcm.doFinal(sealed, NONCE, sealed.length - NONCE));
    } catch (javax.crypto.AEADBadTagException e) {
      throw new DecryptionFailedException(
          "custody seal does not open: wrong passphrase, or the value was altered or moved");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM opening failed", e);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** A key in memory is always usable. */
  @Override
  public java.util.Optional<String> problem() {
    return java.util.Optional.empty();
  }

  @Override
  public CustodyKind kind() {
    return CustodyKind.SOFTWARE;
  }

  @Override
  public void close() {
    key.destroy();
  }

  @Override
  public String toString() {
    return "CustodyKey[redacted]";
  }
}
