package io.keyquorum.attestor;

import io.keyquorum.protocol.RequestDigest;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Request digests this attestor has released a share for, persisted. A quorum certificate is
 * honoured once per attestor: the share is sealed to the request's recipient key anyway, so a
 * second release would only help someone who already holds that key — but a repeat is never
 * needed by an honest orchestrator, so refusing it is free defence in depth (and a repeat shows
 * up in the audit log as a refusal worth investigating).
 *
 * <p>Entries are pruned once no replay of them could pass anyway: a release is refused unless
 * the request was issued within {@code window} (skew + attestation TTL) of this node's clock, so
 * a digest released at {@code r} belongs to a request issued no earlier than {@code r - window},
 * which is refused as stale from {@code r + 2·window} on. The table therefore stays bounded by the
 * release rate times twice the window, instead of growing for ever.
 */
public final class ReleaseLedger {
  private static final int PRUNE_EVERY = 256;

  private final NodeDatabase db;
  private final long retentionMillis;
  private final int pruneEvery;
  private int sincePrune;

  /** {@code window}: the release freshness window (clock skew + attestation TTL). */
  public ReleaseLedger(NodeDatabase db, Duration window) {
    this(db, window, PRUNE_EVERY);
  }

  ReleaseLedger(NodeDatabase db, Duration window, int pruneEvery) {
    if (window.isNegative() || pruneEvery < 1) {
      throw new IllegalArgumentException("window must be >= 0 and pruneEvery >= 1");
    }
    this.db = db;
    this.retentionMillis = window.multipliedBy(2).toMillis();
    this.pruneEvery = pruneEvery;
  }

  /** Deletes entries no replay could use any more (see the class comment); returns how many. */
  public int prune(long nowMillis) {
    return db.transaction(c -> pruneIn(c, nowMillis));
  }

  private int pruneIn(java.sql.Connection c, long nowMillis) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM released WHERE released_at < ?")) {
      ps.setLong(1, nowMillis - retentionMillis);
      return ps.executeUpdate();
    }
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
    boolean prune;
    synchronized (this) {
      prune = ++sincePrune >= pruneEvery;
      if (prune) {
        sincePrune = 0;
      }
    }
    return db.transaction(c -> {
      if (prune) {
        pruneIn(c, nowMillis); // on insert batches, as the nonce cache does: no timer needed
      }
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
