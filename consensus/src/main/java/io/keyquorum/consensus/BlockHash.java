package io.keyquorum.consensus;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte SHA-256 digest naming a block (or a command); value equality. */
public final class BlockHash {
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private BlockHash(byte[] bytes) {
    this.bytes = bytes;
  }

  public static BlockHash of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("hash must be " + LENGTH + " bytes");
    }
    return new BlockHash(bytes.clone());
  }

  public static BlockHash sha256(byte[] data) {
    try {
      return new BlockHash(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockHash other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes, 0, 6);
  }
}
