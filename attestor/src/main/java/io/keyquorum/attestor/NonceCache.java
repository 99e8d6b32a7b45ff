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

  /** True if the nonce is already recorded: a cheap early refusal before any signing work. */
  public boolean seen(String clientId, byte[] nonce) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM nonces WHERE client_id = ? AND nonce = ?")) {
        ps.setString(1, clientId);
        ps.setBytes(2, nonce);
        try (var rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /**
   * Records the nonce and, in the same transaction, runs {@code alsoCommit} (the audit row of the
   * answer), so both are durable together or neither is. Returns false, committing nothing, if
   * the nonce was already recorded (a replay, possibly a concurrent duplicate).
   */
  public boolean recordIfNew(String clientId, byte[] nonce, long expiresAtMillis, long nowMillis,
      NodeDatabase.Work<?> alsoCommit) {
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
      } catch (SQLException e) {
        if (e.getMessage() != null && e.getMessage().contains("UNIQUE")) {
          return false;
        }
        throw e;
      }
      alsoCommit.run(c);
      return true;
    });
  }
}
