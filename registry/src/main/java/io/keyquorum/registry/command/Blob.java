package io.keyquorum.registry.command;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Immutable, value-equal bytes for public registry data (keys, commitments, sealed shares,
 * wrapped material). Never used for plaintext secrets: everything the registry stores is public
 * or already sealed, which is why {@link #toString()} may show a short hex prefix.
 */
public final class Blob {
  private final byte[] bytes;

  private Blob(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Blob copyOf(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes are missing");
    }
    return new Blob(bytes.clone());
  }

  /** Copies {@code bytes}, requiring a length in [{@code min}, {@code max}] (named by {@code field}). */
  public static Blob bounded(String field, byte[] bytes, int min, int max) {
    if (bytes == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    if (bytes.length < min || bytes.length > max) {
      throw new IllegalArgumentException(
          field + " must be " + (min == max ? min + "" : min + ".." + max) + " bytes, got " + bytes.length);
    }
    return new Blob(bytes.clone());
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  public byte byteAt(int index) {
    return bytes[index];
  }

  public byte[] sha256() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Blob other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Blob[" + bytes.length + " bytes, " + HexFormat.of().formatHex(bytes, 0, Math.min(4, bytes.length)) + "…]";
  }
}
