package io.keyquorum.crypto.hpke;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An X25519 public key (RFC 7748) that HPKE messages are sealed to: 32 raw bytes.
 *
 * <p>Every 32-byte string is an X25519 public key; low-order points are refused when sealing,
 * because they would make the shared secret all zeros (RFC 9180 §7.1.4).
 */
public final class HpkePublicKey {
  public static final int LENGTH = 32;

  private final byte[] raw;

  private HpkePublicKey(byte[] raw) {
    this.raw = raw;
  }

  public static HpkePublicKey of(byte[] raw) {
    if (raw == null || raw.length != LENGTH) {
      throw new IllegalArgumentException(
          "X25519 public key must be " + LENGTH + " bytes, got " + (raw == null ? "null" : raw.length));
    }
    return new HpkePublicKey(raw.clone());
  }

  /** A copy of the raw 32 bytes. */
  public byte[] raw() {
    return raw.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HpkePublicKey other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "HpkePublicKey[" + HexFormat.of().formatHex(raw, 0, 8) + "…]";
  }
}
