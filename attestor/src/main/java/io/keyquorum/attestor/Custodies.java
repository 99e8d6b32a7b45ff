package io.keyquorum.attestor;

import java.io.IOException;
import java.security.SecureRandom;

/** Opens the custody an {@link AttestorConfig} names, after checking the data folder was sealed under it. */
public final class Custodies {
  private Custodies() {}

  /**
   * The node's custody. A data folder sealed under another custody is refused by name: a node
   * configured for a token never falls back to software custody, nor the other way round.
   *
   * @throws CustodyUnavailableException when the token cannot be opened (named fault)
   */
  public static Custody open(AttestorConfig config, SecureRandom random) throws IOException {
    CustodyKind.check(config.dataDir(), config.custodyKind());
    if (config.pkcs11().isPresent()) {
      return Pkcs11Custody.open(config.pkcs11().get(), random);
    }
    return software(config, random);
  }

  /** The passphrase-derived key of {@code config}'s data folder, whatever the config names. */
  public static CustodyKey software(AttestorConfig config, SecureRandom random) throws IOException {
    return CustodyKey.open(config.dataDir(), config.passphraseFile(), config.scryptN(), CustodyKey.DEFAULT_R,
        CustodyKey.DEFAULT_P, random);
  }
}
