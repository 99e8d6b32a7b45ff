package io.keyquorum.attestor;

import io.keyquorum.attestor.CustodyUnavailableException.Fault;
import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.SecretBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Custody under a PKCS#11 token, through the JDK's SunPKCS11 provider: an AES-256 key generated
 * inside the token with {@code CKA_SENSITIVE=true, CKA_EXTRACTABLE=false} seals every value with
 * AES-GCM, the token doing the cipher. The key never leaves the token, so a copied data folder
 * (with the passphrase) opens nothing; plaintext exists only in this process's memory, for the
 * moment of use.
 *
 * <p>A token that fails while in use (removed, stops answering) is not recovered in-process:
 * SunPKCS11 keeps handles that stay invalid, and a new provider in the same process fails too
 * (SoftHSM2 2.6.1). The failure is sticky and named ({@link Fault#PKCS11_TOKEN_FAILED}); the node
 * refuses Attest and Release until its process is restarted with the token back.
 */
public final class Pkcs11Custody implements Custody {
  /** The mechanisms custody needs, by the provider service each one enables. */
  static final List<String[]> REQUIRED = List.of(
      new String[] {"CKM_AES_KEY_GEN", "KeyGenerator", "AES"},
      new String[] {"CKM_AES_GCM", "Cipher", "AES/GCM/NoPadding"});
  private static final String GCM = "AES/GCM/NoPadding";
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final long PROBE_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
  private static final byte[] PROBE_AAD = "keyquorum/custody/probe/v1".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final Pkcs11Settings settings;
  private final Provider provider;
  private final SecretKey key;
  private final SecureRandom random;
  private final AtomicReference<String> failure = new AtomicReference<>();
  private volatile long lastProbe = System.nanoTime() - PROBE_EVERY_NANOS;

  private Pkcs11Custody(Pkcs11Settings settings, Provider provider, SecretKey key, SecureRandom random) {
    this.settings = settings;
    this.provider = provider;
    this.key = key;
    this.random = random;
  }

  /** Opens the custody key that {@link #create} made in the token. */
  public static Pkcs11Custody open(Pkcs11Settings settings, SecureRandom random) {
    Provider p = provider(settings);
    KeyStore ks = login(settings, p);
    try {
      if (!ks.containsAlias(settings.keyAlias()) || !(ks.getKey(settings.keyAlias(), null) instanceof SecretKey k)) {
        throw new CustodyUnavailableException(Fault.PKCS11_KEY_MISSING, "token " + settings.token()
            + " holds no custody key " + settings.keyAlias() + "; create it with `kq attestor init --custody pkcs11`");
      }
      return new Pkcs11Custody(settings, p, k, random);
    } catch (GeneralSecurityException | ProviderException e) {
      throw new CustodyUnavailableException(Fault.PKCS11_TOKEN_FAILED, "reading the custody key failed: " + e, e);
    }
  }

  /**
   * Generates the custody key inside the token (the key ceremony's one step). Refuses a token
   * that lacks a needed mechanism, naming it, and one that already holds a custody key under this
   * label: replacing it would orphan every value sealed under it.
   */
  public static Pkcs11Custody create(Pkcs11Settings settings, SecureRandom random) {
    Provider p = provider(settings);
    KeyStore ks = login(settings, p);
    try {
      if (ks.containsAlias(settings.keyAlias())) {
        throw new IllegalStateException("token " + settings.token() + " already holds custody key "
            + settings.keyAlias() + "; refusing to replace it (values sealed under it would be lost)");
      }
      KeyGenerator generator = KeyGenerator.getInstance("AES", p);
      generator.init(256, random);
      ks.setEntry(settings.keyAlias(), new KeyStore.SecretKeyEntry(generator.generateKey()), null);
    } catch (GeneralSecurityException | ProviderException e) {
      throw new CustodyUnavailableException(Fault.PKCS11_TOKEN_FAILED, "generating the custody key failed: " + e, e);
    }
    return open(settings, random);
  }

  /** The required mechanisms {@code p} lacks, by their PKCS#11 names. */
  static List<String> missingMechanisms(Provider p) {
    List<String> missing = new ArrayList<>();
    for (String[] m : REQUIRED) {
      if (p.getService(m[1], m[2]) == null) {
        missing.add(m[0]);
      }
    }
    return missing;
  }

  private static Provider provider(Pkcs11Settings s) {
    if (!Files.isRegularFile(s.module())) {
      throw new CustodyUnavailableException(Fault.PKCS11_MODULE_MISSING, "PKCS#11 module " + s.module()
          + " does not exist (for SoftHSM2: apt-get install softhsm2; for an HSM: the vendor's PKCS#11 library)");
    }
    // The generated key is made non-extractable and sensitive by the token itself; the provider
    // then stores it as a token object under its label (KeyStore.setEntry).
    String config = "--name=keyquorum-" + s.token() + "\n"
        + "library=" + s.module() + "\n"
        + s.slot().map(id -> "slot=" + id).orElse("slotListIndex=0") + "\n"
        + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
        + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n";
    Provider p;
    try {
      p = Security.getProvider("SunPKCS11").configure(config);
    } catch (ProviderException | IllegalArgumentException | SecurityException e) {
      throw new CustodyUnavailableException(Fault.PKCS11_TOKEN_ABSENT, "module " + s.module() + " has no usable token "
          + s.token() + " in " + s.slot().map(id -> "slot " + id).orElse("its first slot") + ": " + rootCause(e), e);
    }
    List<String> missing = missingMechanisms(p);
    if (!missing.isEmpty()) {
      throw new CustodyUnavailableException(Fault.PKCS11_MECHANISMS_MISSING, "token " + s.token()
          + " lacks the mechanisms custody needs: " + String.join(", ", missing));
    }
    return p;
  }

  private static KeyStore login(Pkcs11Settings s, Provider p) {
    char[] pin;
    try {
      pin = s.readPin();
    } catch (IOException e) {
      throw new CustodyUnavailableException(Fault.PKCS11_PIN_REFUSED, e.getMessage(), e);
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS11", p);
      ks.load(null, pin);
      return ks;
    } catch (IOException e) {
      throw new CustodyUnavailableException(Fault.PKCS11_PIN_REFUSED, "token " + s.token()
          + " refused the PIN from " + s.pinSource() + ": " + rootCause(e), e);
    } catch (GeneralSecurityException | ProviderException e) {
      throw new CustodyUnavailableException(Fault.PKCS11_TOKEN_ABSENT, "token " + s.token()
          + " cannot be opened: " + rootCause(e), e);
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  @Override
  public byte[] seal(byte[] aad, byte[] plaintext) {
    requireUsable();
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      Cipher gcm = Cipher.getInstance(GCM, provider);
      gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(aad);
      byte[] ct = gcm.doFinal(plaintext);
      byte[] out = Arrays.copyOf(nonce, NONCE + ct.length);
      System.arraycopy(ct, 0, out, NONCE, ct.length);
      return out;
    } catch (GeneralSecurityException | ProviderException e) {
      throw failed("sealing", e);
    }
  }

  @Override
  public SecretBytes open(byte[] aad, byte[] sealed) {
    if (sealed.length < NONCE + TAG_BITS / 8) {
      throw new DecryptionFailedException("sealed value is too short");
    }
    requireUsable();
    try {
      Cipher gcm = Cipher.getInstance(GCM, provider);
      gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
      gcm.updateAAD(aad);
      return SecretBytes.adopt(gcm.doFinal(sealed, NONCE, sealed.length - NONCE));
    } catch (AEADBadTagException e) {
      throw new DecryptionFailedException(
          "custody seal does not open under token " + settings.token() + ": another custody key, or the value was altered or moved");
    } catch (GeneralSecurityException | ProviderException e) {
      throw failed("opening", e);
    }
  }

  @Override
  public Optional<String> problem() {
    String f = failure.get();
    if (f != null) {
      return Optional.of(f);
    }
    long now = System.nanoTime();
    if (now - lastProbe >= PROBE_EVERY_NANOS) {
      lastProbe = now;
      try (SecretBytes back = open(PROBE_AAD, seal(PROBE_AAD, new byte[1]))) {
        return Optional.empty();
      } catch (CustodyUnavailableException | DecryptionFailedException e) {
        failed("probing", e);
      }
    }
    return Optional.ofNullable(failure.get());
  }

  @Override
  public CustodyKind kind() {
    return CustodyKind.pkcs11(settings.token());
  }

  private void requireUsable() {
    String f = failure.get();
    if (f != null) {
      throw new CustodyUnavailableException(Fault.PKCS11_TOKEN_FAILED, f);
    }
  }

  private CustodyUnavailableException failed(String doing, Exception e) {
    String message = "token " + settings.token() + " failed while " + doing + " (" + rootCause(e)
        + "); restart the attestor once the token is back";
    failure.compareAndSet(null, "custody unavailable: " + Fault.PKCS11_TOKEN_FAILED + ": " + message);
    return new CustodyUnavailableException(Fault.PKCS11_TOKEN_FAILED, message, e);
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Logs the session out; the key stays in the token. */
  @Override
  public void close() {
    if (provider instanceof java.security.AuthProvider auth) {
      try {
        auth.logout();
      } catch (javax.security.auth.login.LoginException | ProviderException e) {
        // Nothing to undo: the session ends with the process anyway.
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "Pkcs11Custody[" + settings.token() + ", key in token]";
  }
}
