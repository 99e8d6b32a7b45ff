package io.keyquorum.attestor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The node's one SQLite file (DESIGN §7): sealed shares, the nonce cache, released digests, the
 * audit chain and its signed heads. WAL with {@code synchronous=FULL}, so a transaction that
 * returned is on disk and survives {@code kill -9}.
 *
 * <p>Writes: one connection, used only by one writer thread, one unit of work at a time: SQLite
 * serialises writers anyway, and running every unit in order keeps the audit chain's "read head,
 * append, update head" atomic without retry loops. Lookups that need no atomicity with a write
 * use {@link #read}, a second, query-only connection.
 *
 * <p>Group commit: under load many callers wait at once, and one fsync per caller was the
 * attestor's bottleneck (docs/benchmarks/profile.md). So the writer takes every unit waiting,
 * runs each inside its own savepoint (a unit that throws is rolled back alone, exactly as if it
 * had been its own transaction), commits once, and only then answers the callers. No caller
 * returns before the commit that holds its work is on disk, so nothing acknowledged can be lost;
 * if the commit fails, every unit in it fails.
 */
public final class NodeDatabase implements AutoCloseable {
  /** Work done inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection db) throws SQLException;
  }

  /** Units per commit at most, so one commit's latency stays bounded under a burst. */
  private static final int MAX_BATCH = 128;

  private record Pending<T>(Work<T> work, CompletableFuture<T> result) {}

  /** Queued by {@link #close}: the writer stops after it, and nothing can be queued behind it. */
  private static final Pending<Void> STOP = new Pending<>(c -> null, new CompletableFuture<>());

  private final Path file;
  private final Connection db;
  private final Connection reader; // autocommit and query_only; guarded by itself
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private boolean closed; // guarded by queue
  private volatile long commits;

  private NodeDatabase(Path file, Connection db, Connection reader) {
    this.file = file;
    this.db = db;
    this.reader = reader;
    this.writer = new Thread(this::writeLoop, "node-db-" + file.getFileName());
    writer.setDaemon(true);
    writer.start();
  }

  /** Opens (creating if needed) the database file and its schema. */
  public static NodeDatabase open(Path file) {
    try {
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = db.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=FULL");
        st.execute("PRAGMA busy_timeout=10000");
        // Sealed shares, nonces and the release ledger are deleted and overwritten here; without
        // this, their old bytes stay in free pages and the WAL until reused, readable by anyone
        // who later copies the file.
        st.execute("PRAGMA secure_delete=ON");
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
      Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = reader.createStatement()) {
        st.execute("PRAGMA busy_timeout=10000");
        st.execute("PRAGMA query_only=1");
      }
      return new NodeDatabase(file, db, reader);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open node database " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code work} in one transaction (shared with other callers' work, see the class comment):
   * committed and on disk if it returns, rolled back if it throws.
   */
  public <T> T transaction(Work<T> work) {
    if (Thread.currentThread() == writer) {
      // Called from inside a unit: it joins that unit's transaction.
      try {
        return work.run(db);
      } catch (SQLException e) {
        throw failure(e);
      }
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    synchronized (queue) {
      if (closed) {
        throw new IllegalStateException("node database " + file.getFileName() + " is closed");
      }
      queue.add(new Pending<>(work, result));
    }
    try {
      return result.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw failure(cause);
    }
  }

  /**
   * Runs read-only {@code work} on a second connection, on the caller's own thread: it sees every
   * transaction that returned before it started (WAL), and neither waits behind the writer's
   * fsync nor pays two thread hand-offs, which the hot-path lookups (nonce seen, digest
   * released, share held) would otherwise do per request. The connection is query-only, so
   * SQLite refuses any write attempted through it.
   */
  public <T> T read(Work<T> work) {
    if (Thread.currentThread() == writer) {
      return transaction(work); // inside a unit: read its own uncommitted writes
    }
    synchronized (reader) {
      try {
        return work.run(reader);
      } catch (SQLException e) {
        throw failure(e);
      }
    }
  }

  private IllegalStateException failure(Throwable e) {
    return new IllegalStateException("node database " + file.getFileName() + ": " + e.getMessage(), e);
  }

  private void writeLoop() {
    List<Pending<?>> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      batch.clear();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        // Only close() stops the writer (callers would otherwise wait forever); keep serving.
        continue;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      stopping = batch.remove(STOP);
      if (!batch.isEmpty()) {
        commitBatch(batch);
      }
    }
  }

  /** Runs each unit in its own savepoint, commits once, then completes every caller. */
  private void commitBatch(List<Pending<?>> batch) {
    Object[] results = new Object[batch.size()];
    Throwable[] failures = new Throwable[batch.size()];
    Throwable broken = null; // set when the transaction itself can no longer be trusted
    for (int i = 0; i < batch.size() && broken == null; i++) {
      try (Statement st = db.createStatement()) {
        st.execute("SAVEPOINT unit");
        try {
          results[i] = batch.get(i).work().run(db);
          st.execute("RELEASE unit");
        } catch (SQLException | RuntimeException | Error e) {
          failures[i] = e;
          st.execute("ROLLBACK TO unit");
          st.execute("RELEASE unit");
        }
      } catch (SQLException e) {
        broken = e;
      }
    }
    if (broken == null) {
      try {
        db.commit();
        commits++; // only the writer thread writes it
      } catch (SQLException e) {
        broken = e;
      }
    }
    if (broken != null) {
      try {
        db.rollback();
      } catch (SQLException rollback) {
        broken.addSuppressed(rollback);
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), broken != null ? broken : failures[i], results[i]);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> p, Throwable failure, Object result) {
    if (failure != null) {
      p.result().completeExceptionally(failure);
    } else {
      p.result().complete((T) result);
    }
  }

  /** Reads a meta value. */
  public java.util.Optional<byte[]> meta(String name) {
    return read(db -> {
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

  /** Commits made so far (tests use it to see that concurrent callers shared one). */
  long commits() {
    return commits;
  }

  /** Units waiting for the writer. */
  int waiting() {
    return queue.size();
  }

  public Path file() {
    return file;
  }

  /** Finishes the work already queued, stops the writer, and closes the file. */
  @Override
  public void close() {
    synchronized (queue) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      synchronized (reader) {
        reader.close();
      }
      db.close();
    } catch (SQLException e) {
      throw new IllegalStateException("closing node database " + file + ": " + e.getMessage(), e);
    }
  }
}
