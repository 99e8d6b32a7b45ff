package io.keyquorum.rpc.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The SHA-256 digest of a certificate's DER encoding, as pinned in genesis.
 *
 * <p>The digest covers the exact signed DER bytes, so two certificates share a fingerprint only if
 * they are byte-for-byte identical.
 */
public final class CertificateFingerprint {
  public static final int LENGTH = 32;

  private final byte[] digest;

  private CertificateFingerprint(byte[] digest) {
    this.digest = digest;
  }

  public static CertificateFingerprint of(X509Certificate certificate) {
    try {
      return new CertificateFingerprint(
          MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be DER-encoded", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** A fingerprint from its 32 raw bytes, as the registry stores it. */
  public static CertificateFingerprint fromBytes(byte[] digest) {
    if (digest == null || digest.length != LENGTH) {
      throw new IllegalArgumentException("SHA-256 fingerprint must be " + LENGTH + " bytes");
    }
    return new CertificateFingerprint(digest.clone());
  }

  /** Parses a fingerprint from 64 hex digits (case-insensitive, optional ':' separators). */
  public static CertificateFingerprint parse(String hex) {
    String digits = hex == null ? "" : hex.replace(":", "");
    if (digits.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(
          "SHA-256 fingerprint must be " + 2 * LENGTH + " hex digits, got " + digits.length());
    }
    try {
      return new CertificateFingerprint(HexFormat.of().parseHex(digits));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SHA-256 fingerprint is not hex: " + hex, e);
    }
  }

  /** Whether {@code certificate} has this fingerprint (constant-time compare). */
  public boolean matches(X509Certificate certificate) {
    return MessageDigest.isEqual(digest, of(certificate).digest);
  }

  public byte[] toBytes() {
    return digest.clone();
  }

  /** Lower-case hex, 64 digits. */
  public String hex() {
    return HexFormat.of().formatHex(digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificateFingerprint other && MessageDigest.isEqual(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "sha256:" + hex();
  }
}
