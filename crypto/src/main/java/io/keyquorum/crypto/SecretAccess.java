package io.keyquorum.crypto;

/**
 * A capability token required to read raw secret bytes.
 *
 * <p>Every call site that touches key material must name {@code SecretAccess.INSTANCE}, so a
 * single grep finds every place where a secret leaves its holder (after Tink's
 * {@code SecretKeyAccess}).
 */
public final class SecretAccess {
  /** The only instance. Grep for it to audit secret use. */
  public static final SecretAccess INSTANCE = new SecretAccess();

  private SecretAccess() {}
}
