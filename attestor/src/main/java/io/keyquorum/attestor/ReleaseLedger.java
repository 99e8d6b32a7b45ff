package io.keyquorum.attestor;

import io.keyquorum.protocol.RequestDigest;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Request digests this attestor has released a share for, persisted. A quorum certificate is
 * honoured once per attestor: the share is sealed to the request's recipient key anyway, so a
 * second release would only help someone who already holds that key — but a repeat is never
 * needed by an honest orchestrator, so refusing it is free defence in depth (and a repeat shows
 * up in the audit log as a refusal worth investigating).
 */
public final class ReleaseLedger {
  private final NodeDatabase db;

  public ReleaseLedger(NodeDatabase db) {
    this.db = db;
  }

  /** True if this digest was released before: a cheap early refusal before any sealing work. */
  public boolean released(RequestDigest digest) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM released WHERE digest = ?")) {
        ps.setBytes(1, digest.bytes());
        try (var rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /**
   * Records the release and, in the same transaction, runs {@code alsoCommit} (its audit row), so
   * both are durable together or neither is. Returns false, committing nothing, if this digest
   * was released before.
   */
  public boolean recordIfFirst(RequestDigest digest, String keyId, long version, long nowMillis,
      NodeDatabase.Work<?> alsoCommit) {
    return db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO released (digest, key_id, version, released_at) VALUES (?, ?, ?, ?)")) {
        ps.setBytes(1, digest.bytes());
        ps.setString(2, keyId);
        ps.setLong(3, version);
        ps.setLong(4, nowMillis);
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
