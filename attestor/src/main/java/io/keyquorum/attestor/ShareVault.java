package io.keyquorum.attestor;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.shamir.Share;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * This node's shares, sealed at rest under the custody key. A share is never written in
 * plaintext; its aad binds node, key, version and index, so swapping rows in the file yields a
 * seal that does not open rather than a wrong share.
 */
public final class ShareVault {
  private final NodeDatabase db;
  private final Custody custody;
  private final String nodeId;

  public ShareVault(NodeDatabase db, Custody custody, String nodeId) {
    this.db = db;
    this.custody = custody;
    this.nodeId = nodeId;
  }

  /** Stores a verified share durably; storing the same (key, version) again keeps the first. */
  public void put(String keyId, long version, Share share) {
    byte[] sealed;
    try (SecretBytes encoded = share.encode(SecretAccess.INSTANCE)) {
      byte[] plain = encoded.toByteArray(SecretAccess.INSTANCE);
      try {
        sealed = custody.seal(aad(keyId, version, share.index()), plain);
      } finally {
        java.util.Arrays.fill(plain, (byte) 0);
      }
    }
    db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT OR IGNORE INTO shares (key_id, version, share_index, sealed) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, keyId);
        ps.setLong(2, version);
        ps.setInt(3, share.index());
        ps.setBytes(4, sealed);
        return ps.executeUpdate();
      }
    });
  }

  public boolean has(String keyId, long version) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM shares WHERE key_id = ? AND version = ?")) {
        ps.setString(1, keyId);
        ps.setLong(2, version);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /** Opens the share for (key, version); the caller destroys it after use. */
  public Optional<Share> get(String keyId, long version) {
    record Row(int index, byte[] sealed) {}
    Optional<Row> row = db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT share_index, sealed FROM shares WHERE key_id = ? AND version = ?")) {
        ps.setString(1, keyId);
        ps.setLong(2, version);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new Row(rs.getInt(1), rs.getBytes(2))) : Optional.<Row>empty();
        }
      }
    });
    return row.map(r -> {
      try (SecretBytes plain = custody.open(aad(keyId, version, r.index()), r.sealed())) {
        return Share.decode(plain);
      }
    });
  }

  /** Erases every version's share of a destroyed key. */
  public int eraseKey(String keyId) {
    return db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM shares WHERE key_id = ?")) {
        ps.setString(1, keyId);
        return ps.executeUpdate();
      }
    });
  }

  private byte[] aad(String keyId, long version, int index) {
    return aad(nodeId, keyId, version, index);
  }

  static byte[] aad(String nodeId, String keyId, long version, int index) {
    return new CanonicalWriter().string("keyquorum/custody/share/v1").string(nodeId).string(keyId)
        .u32(version).u32(index).toByteArray();
  }
}
