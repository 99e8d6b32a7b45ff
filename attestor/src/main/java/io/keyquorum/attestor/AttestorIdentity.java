package io.keyquorum.attestor;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.protocol.RequestLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An attestor's long-term keys: the Ed25519 key that signs attestations, releases, receipts and
 * audit heads, and the X25519 HPKE key that dealers seal its shares to. On disk they are sealed
 * under the {@link CustodyKey} ({@value #SEALED_FILE}); the public halves are also written in
 * clear ({@value #PUBLIC_FILE}) for the operator to put into genesis.
 */
public final class AttestorIdentity implements AutoCloseable {
  public static final String SEALED_FILE = "identity.sealed";
  public static final String PUBLIC_FILE = "identity.pub";

  private final String nodeId;
  private final Ed25519PrivateKey signingKey;
  private final HpkePrivateKey hpkeKey;

  public AttestorIdentity(String nodeId, Ed25519PrivateKey signingKey, HpkePrivateKey hpkeKey) {
    this.nodeId = RequestLimits.checkId("attestor id", nodeId);
    this.signingKey = Objects.requireNonNull(signingKey, "signing key");
    this.hpkeKey = Objects.requireNonNull(hpkeKey, "HPKE key");
  }

  /** Fresh keys for a new node. */
  public static AttestorIdentity generate(String nodeId, SecureRandom random) {
    return new AttestorIdentity(nodeId, Ed25519PrivateKey.generate(random), HpkePrivateKey.generate(random));
  }

  public String nodeId() {
    return nodeId;
  }

  public Ed25519PrivateKey signingKey() {
    return signingKey;
  }

  public HpkePrivateKey hpkeKey() {
    return hpkeKey;
  }

  /** Writes the sealed identity and its public file into {@code dataDir}; refuses to overwrite. */
  public void store(Path dataDir, Custody custody) throws IOException {
    Path sealed = dataDir.resolve(SEALED_FILE);
    if (Files.exists(sealed)) {
      throw new IOException(sealed + " already exists; refusing to replace a node identity");
    }
    byte[] seed = signingKey.seed(SecretAccess.INSTANCE).toByteArray(SecretAccess.INSTANCE);
    byte[] hpke = hpkeKey.raw(SecretAccess.INSTANCE).toByteArray(SecretAccess.INSTANCE);
    byte[] plain = new CanonicalWriter().string(nodeId).fixed(seed, 32).fixed(hpke, 32).toByteArray();
    try {
      Files.createDirectories(dataDir);
      Files.write(sealed, custody.seal(aad(nodeId), plain));
      Files.writeString(dataDir.resolve(PUBLIC_FILE), publicDescription());
    } finally {
      Arrays.fill(seed, (byte) 0);
      Arrays.fill(hpke, (byte) 0);
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Opens the identity stored in {@code dataDir}.
   *
   * @throws io.keyquorum.crypto.DecryptionFailedException on a wrong passphrase or altered file
   */
  public static AttestorIdentity load(Path dataDir, String expectedNodeId, Custody custody) throws IOException {
    Path sealed = dataDir.resolve(SEALED_FILE);
    if (!Files.exists(sealed)) {
      throw new IOException("no node identity at " + sealed + "; create one with `kq attestor init`");
    }
    try (SecretBytes plain = custody.open(aad(expectedNodeId), Files.readAllBytes(sealed))) {
      byte[] bytes = plain.toByteArray(SecretAccess.INSTANCE);
      try {
        CanonicalReader r = new CanonicalReader(bytes);
        String id = r.string("node id", RequestLimits.MAX_ID_BYTES);
        byte[] seed = r.fixed("signing seed", 32);
        byte[] hpke = r.fixed("HPKE key", 32);
        r.finish();
        try (SecretBytes s = SecretBytes.adopt(seed); SecretBytes h = SecretBytes.adopt(hpke)) {
          return new AttestorIdentity(id, Ed25519PrivateKey.fromSeed(s), HpkePrivateKey.fromRaw(h));
        }
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }

  static byte[] aad(String nodeId) {
    return new CanonicalWriter().string("keyquorum/custody/identity/v1").string(nodeId).toByteArray();
  }

  /** The public keys as the operator needs them for genesis. */
  public String publicDescription() {
    HexFormat hex = HexFormat.of();
    return "nodeId: " + nodeId + "\n"
        + "signingKey: " + hex.formatHex(signingKey.publicKey().raw()) + "\n"
        + "hpkeKey: " + hex.formatHex(hpkeKey.publicKey().raw()) + "\n";
  }

  @Override
  public void close() {
    signingKey.destroy();
    hpkeKey.destroy();
  }

  @Override
  public String toString() {
    return "AttestorIdentity[" + nodeId + ", keys redacted]";
  }
}
