package io.keyquorum.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A network's identity: SHA-256 over the exact signed payload of its genesis command, under its
 * own domain prefix. Every signed request, registry command and attestation names it, so nothing
 * signed for one network is accepted by another (DESIGN §10 "trust roots"), and a client profile
 * pins it, so the orchestrator cannot substitute another network's attestor keys.
 *
 * <p>Names the payload, not the signature, so Ed25519 signature malleability cannot give one
 * genesis two identities. Equality is constant-time.
 */
public final class GenesisHash {
  public static final int LENGTH = 32;
  private static final byte[] DOMAIN = "keyquorum/genesis-hash/v1".getBytes(StandardCharsets.US_ASCII);

  /**
   * What the genesis command itself names: it cannot contain its own hash. Every other command,
   * request and attestation must name the real one, and verifiers refuse this value there.
   */
  public static final GenesisHash NONE = new GenesisHash(new byte[LENGTH]);

  private final byte[] bytes;

  private GenesisHash(byte[] bytes) {
    this.bytes = bytes;
  }

  public static GenesisHash of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("genesis hash must be " + LENGTH + " bytes");
    }
    return new GenesisHash(bytes.clone());
  }

  /** Parses 64 hex digits, as a client profile stores it. */
  public static GenesisHash fromHex(String hex) {
    if (hex == null || hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("genesis hash must be " + 2 * LENGTH + " hex digits");
    }
    try {
      return of(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("genesis hash is not hex");
    }
  }

  /** The hash of a genesis command whose signed payload (tag included) is {@code signedPayload}. */
  public static GenesisHash ofPayload(byte[] signedPayload) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(DOMAIN);
      sha.update(signedPayload);
      return new GenesisHash(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  public boolean isNone() {
    return MessageDigest.isEqual(bytes, NONE.bytes);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GenesisHash other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Short form for messages: enough to tell two networks apart. */
  @Override
  public String toString() {
    return hex().substring(0, 16) + "…";
  }
}
