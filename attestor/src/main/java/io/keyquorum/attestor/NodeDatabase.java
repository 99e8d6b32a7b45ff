package io.keyquorum.attestor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The node's one SQLite file (DESIGN §7): sealed shares, the nonce cache, released digests, the
 * audit chain and its signed heads. WAL with {@code synchronous=FULL}, so a transaction that
 * returned is on disk and survives {@code kill -9}.
 *
 * <p>One connection, one transaction at a time: SQLite serialises writers anyway, and a single
 * lock keeps the audit chain's "read head, append, update head" atomic without retry loops.
 */
public final class NodeDatabase implements AutoCloseable {
  /** Work done inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection db) throws SQLException;
  }

  private final Path file;
  private final Connection db;

  private NodeDatabase(Path file, Connection db) {
    this.file = file;
    this.db = db;
  }

  /** Opens (creating if needed) the database file and its schema. */
  public static NodeDatabase open(Path file) {
    try {
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = db.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=FULL");
        st.execute("PRAGMA busy_timeout=10000");
        st.execute("CREATE TABLE IF NOT EXISTS shares (key_id TEXT NOT NULL, version INTEGER NOT NULL,"
            + " share_index INTEGER NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (key_id, version))");
        st.execute("CREATE TABLE IF NOT EXISTS nonces (client_id TEXT NOT NULL, nonce BLOB NOT NULL,"
            + " expires_at INTEGER NOT NULL, PRIMARY KEY (client_id, nonce))");
        st.execute("CREATE INDEX IF NOT EXISTS nonces_expiry ON nonces (expires_at)");
        st.execute("CREATE TABLE IF NOT EXISTS released (digest BLOB PRIMARY KEY, key_id TEXT NOT NULL,"
            + " version INTEGER NOT NULL, released_at INTEGER NOT NULL)");
        st.execute("CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL,"
            + " kind TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL, prev BLOB NOT NULL, hash BLOB NOT NULL)");
        st.execute("CREATE TABLE IF NOT EXISTS audit_heads (seq INTEGER PRIMARY KEY, envelope BLOB NOT NULL)");
        st.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)");
      }
      db.setAutoCommit(false);
      return new NodeDatabase(file, db);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open node database " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  public synchronized <T> T transaction(Work<T> work) {
    try {
      T result = work.run(db);
      db.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        db.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("node database " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** Reads a meta value. */
  public java.util.Optional<byte[]> meta(String name) {
    return transaction(db -> {
      try (var ps = db.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
        ps.setString(1, name);
        try (var rs = ps.executeQuery()) {
          return rs.next() ? java.util.Optional.of(rs.getBytes(1)) : java.util.Optional.<byte[]>empty();
        }
      }
    });
  }

  /** Writes a meta value inside the caller's transaction. */
  static void putMeta(Connection db, String name, byte[] value) throws SQLException {
    try (var ps = db.prepareStatement("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)")) {
      ps.setString(1, name);
      ps.setBytes(2, value);
      ps.executeUpdate();
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new IllegalStateException("closing node database " + file + ": " + e.getMessage(), e);
    }
  }
}
