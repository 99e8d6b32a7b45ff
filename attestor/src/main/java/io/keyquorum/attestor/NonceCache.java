package io.keyquorum.attestor;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Nonces seen inside the freshness window, persisted so a restart does not reopen replays.
 *
 * <p>A nonce needs remembering only while its request could still pass the timestamp check:
 * until {@code issuedAt + skew}. After that the request is refused as stale anyway, so entries
 * are pruned then and the table stays bounded by the request rate times the window.
 */
public final class NonceCache {
  private static final int PRUNE_EVERY = 512;

  private final NodeDatabase db;
  private int sincePrune;

  public NonceCache(NodeDatabase db) {
    this.db = db;
  }

  /**
   * Records the nonce durably and returns true, or returns false if it was already recorded
   * (a replay).
   */
  public boolean recordIfNew(String clientId, byte[] nonce, long expiresAtMillis, long nowMillis) {
    boolean prune;
    synchronized (this) {
      prune = ++sincePrune >= PRUNE_EVERY;
      if (prune) {
        sincePrune = 0;
      }
    }
    return db.transaction(c -> {
      if (prune) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM nonces WHERE expires_at < ?")) {
          ps.setLong(1, nowMillis);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO nonces (client_id, nonce, expires_at) VALUES (?, ?, ?)")) {
        ps.setString(1, clientId);
        ps.setBytes(2, nonce);
        ps.setLong(3, expiresAtMillis);
        ps.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (e.getMessage() != null && e.getMessage().contains("UNIQUE")) {
          return false;
        }
        throw e;
      }
    });
  }
}
