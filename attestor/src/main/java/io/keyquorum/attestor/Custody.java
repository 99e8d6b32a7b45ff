package io.keyquorum.attestor;

import io.keyquorum.crypto.SecretBytes;
import java.util.Optional;

/**
 * Where an attestor's secrets are kept at rest (DESIGN §7). Everything secret the node stores, its
 * shares and its identity keys, is sealed under a custody key with an aad naming what the value
 * is. A sealed value opens only under the same custody key and the same aad, so a copied data
 * folder reveals nothing without the custody key, and a sealed share cannot be moved into another
 * key's slot.
 *
 * <p>Two implementations: {@link CustodyKey} (software: a key derived from a passphrase file) and
 * {@link Pkcs11Custody} (a non-extractable AES key inside a PKCS#11 token).
 */
public interface Custody extends AutoCloseable {
  /** Seals {@code plaintext} under the custody key, bound to {@code aad}. */
  byte[] seal(byte[] aad, byte[] plaintext);

  /**
   * Opens a value sealed under this custody key with the same aad.
   *
   * @throws io.keyquorum.crypto.DecryptionFailedException if it was sealed under another key or aad,
   *     or altered
   * @throws CustodyUnavailableException if the custody key cannot be used now (a token gone)
   */
  SecretBytes open(byte[] aad, byte[] sealed);

  /**
   * Why the custody key cannot be used now, if it cannot; empty when it can. Cheap enough to ask
   * per request (implementations that probe a device do so at most about once a second).
   */
  Optional<String> problem();

  /** What kind of custody this is, as recorded in the data folder: {@link CustodyKind}. */
  CustodyKind kind();

  @Override
  void close();
}
