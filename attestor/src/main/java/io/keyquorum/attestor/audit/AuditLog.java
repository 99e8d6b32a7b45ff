package io.keyquorum.attestor.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.keyquorum.attestor.NodeDatabase;
import io.keyquorum.crypto.Ed25519PrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The append-only, hash-chained audit log (DESIGN §7) in the node database. Every attestation,
 * release, refusal and registry change is appended before the caller answers, so anything a
 * caller saw acknowledged is in the chain; {@link AuditVerifier} detects any edited, removed or
 * reordered row, and the signed head ({@link #signHead}) detects rows cut off the end.
 *
 * <p>Secrets never enter it: details carry ids, digests and decisions only.
 */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final NodeDatabase db;
  private final Clock clock;
  private final String nodeId;

  public AuditLog(NodeDatabase db, Clock clock, String nodeId) {
    this.db = db;
    this.clock = clock;
    this.nodeId = nodeId;
  }

  /** Appends one row durably and returns it. */
  public AuditEntry append(String kind, String subject, Map<String, ?> detail) {
    String json = json(detail);
    return db.transaction(c -> appendIn(c, kind, subject, json));
  }

  /**
   * Appends inside the caller's transaction (used when the audit row must commit atomically with
   * another change, such as the registry height it records).
   */
  public AuditEntry appendIn(Connection c, String kind, String subject, String detailJson) throws SQLException {
    long seq = 0;
    byte[] prev = AuditEntry.genesisHash();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
      if (rs.next()) {
        seq = rs.getLong(1);
        prev = rs.getBytes(2);
      }
    }
    long next = seq + 1;
    long now = clock.millis();
    byte[] hash = AuditEntry.chainHash(prev, next, now, kind, subject, detailJson);
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO audit (seq, time, kind, subject, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, next);
      ps.setLong(2, now);
      ps.setString(3, kind);
      ps.setString(4, subject);
      ps.setString(5, detailJson);
      ps.setBytes(6, prev);
      ps.setBytes(7, hash);
      ps.executeUpdate();
    }
    return new AuditEntry(next, now, kind, subject, detailJson, prev, hash);
  }

  /**
   * The last row, read on the caller's thread without queueing behind writers (so a periodic
   * check costs one indexed lookup, not a transaction); empty for an empty chain.
   */
  public Optional<AuditEntry> last() {
    return db.read(c -> {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(
              "SELECT seq, time, kind, subject, detail, prev, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
        return rs.next() ? Optional.of(new AuditEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getBytes(6), rs.getBytes(7))) : Optional.<AuditEntry>empty();
      }
    });
  }

  /** Signs the current head and stores the signature; returns the head (seq 0 for an empty chain). */
  public AuditHead signHead(Ed25519PrivateKey key) {
    return db.transaction(c -> {
      long seq = 0;
      byte[] hash = AuditEntry.genesisHash();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
        if (rs.next()) {
          seq = rs.getLong(1);
          hash = rs.getBytes(2);
        }
      }
      AuditHead head = new AuditHead(nodeId, seq, hash, clock.millis());
      try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO audit_heads (seq, envelope) VALUES (?, ?)")) {
        ps.setLong(1, seq);
        ps.setBytes(2, head.sign(key).encode());
        ps.executeUpdate();
      }
      return head;
    });
  }

  /** A JSON object with keys in sorted order, so equal details are equal strings. */
  public static String json(Map<String, ?> detail) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(detail));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit detail is not serialisable: " + e.getMessage(), e);
    }
  }
}
