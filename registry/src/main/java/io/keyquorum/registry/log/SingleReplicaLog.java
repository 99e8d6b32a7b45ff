package io.keyquorum.registry.log;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ReplicatedLog} for a network of one (n = 1, f = 0) and for tests: the log is a SQLite
 * file in WAL mode with {@code synchronous=FULL}, so a {@link #submit} future completes only after
 * its block's transaction is on disk, and a process killed with {@code kill -9} at any moment
 * loses no acknowledged command.
 *
 * <p>One writer thread does everything (commit, replay, delivery), which is what makes delivery
 * ordered and gap-free without locks. Commands waiting when it wakes are committed together as one
 * block, one transaction (group commit: one fsync for many commands).
 */
public final class SingleReplicaLog implements ReplicatedLog {
  /** Bound on one command; the largest, CreateKey, stays far below it. */
  public static final int MAX_COMMAND_BYTES = 2 * 1024 * 1024;
  private static final int MAX_BLOCK_COMMANDS = 256;
  private static final Logger LOG = LoggerFactory.getLogger(SingleReplicaLog.class);

  private record Pending(byte[] command, CompletableFuture<CommitReceipt> done) {}

  private final Connection db;
  private final ExecutorService writer;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final List<CommittedBlockListener> subscribers = new CopyOnWriteArrayList<>();
  private volatile long height;
  /** Time of the latest block: block times never go backwards, even if the clock does. */
  private long lastTime;
  private volatile boolean closed;

  private SingleReplicaLog(Connection db, long height, String name) {
    this.db = db;
    this.height = height;
    this.writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "kq-log-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens (creating if needed) the log in {@code file}. */
  public static SingleReplicaLog open(Path file) {
    try {
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = db.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=FULL");
        st.execute("CREATE TABLE IF NOT EXISTS blocks (height INTEGER PRIMARY KEY, commands BLOB NOT NULL,"
            + " time_millis INTEGER NOT NULL DEFAULT 0)");
      }
      db.setAutoCommit(false);
      long height;
      long time;
      try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
          "SELECT COALESCE(MAX(height), 0), COALESCE(MAX(time_millis), 0) FROM blocks")) {
        rs.next();
        height = rs.getLong(1);
        time = rs.getLong(2);
      }
      db.commit();
      SingleReplicaLog log = new SingleReplicaLog(db, height, file.getFileName().toString());
      log.lastTime = time;
      return log;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open registry log " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public CompletableFuture<CommitReceipt> submit(byte[] command) {
    if (command == null || command.length == 0 || command.length > MAX_COMMAND_BYTES) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "command must be 1.." + MAX_COMMAND_BYTES + " bytes"));
    }
    CompletableFuture<CommitReceipt> done = new CompletableFuture<>();
    queue.add(new Pending(command.clone(), done));
    try {
      writer.execute(this::commitQueued);
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new IllegalStateException("registry log is closed"));
    }
    return done;
  }

  @Override
  public void subscribe(long fromHeight, CommittedBlockListener listener) {
    if (fromHeight < 1) {
      throw new IllegalArgumentException("heights start at 1, got " + fromHeight);
    }
    if (closed || writer.isShutdown()) {
      throw new IllegalStateException("registry log is closed");
    }
    writer.execute(() -> {
      // Runs on the writer thread, so no block can commit between the replay and the registration.
      try (PreparedStatement ps = db.prepareStatement("SELECT height, commands, time_millis FROM blocks WHERE height >= ? ORDER BY height")) {
        ps.setLong(1, fromHeight);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            deliver(listener, new CommittedBlock(rs.getLong(1), rs.getLong(3), decode(rs.getBytes(2)), Optional.empty()));
          }
        }
        db.commit();
      } catch (SQLException | IllegalArgumentException e) {
        // A subscriber that missed blocks must never go on to see later ones: leave it unregistered.
        LOG.error("registry log replay from height {} failed; subscriber not registered", fromHeight, e);
        rollbackQuietly();
        return;
      }
      subscribers.add(listener);
    });
  }

  @Override
  public long height() {
    return height;
  }

  @Override
  public Optional<byte[]> latestCertificate() {
    return Optional.empty();
  }

  private void commitQueued() {
    List<Pending> batch = new ArrayList<>();
    Pending p;
    while (batch.size() < MAX_BLOCK_COMMANDS && (p = queue.poll()) != null) {
      batch.add(p);
    }
    if (batch.isEmpty()) {
      return;
    }
    if (closed) {
      batch.forEach(b -> b.done.completeExceptionally(new IllegalStateException("registry log is closed")));
      return;
    }
    long next = height + 1;
    List<byte[]> commands = new ArrayList<>(batch.size());
    batch.forEach(b -> commands.add(b.command));
    long time = Math.max(lastTime + 1, System.currentTimeMillis());
    try (PreparedStatement ps = db.prepareStatement("INSERT INTO blocks (height, commands, time_millis) VALUES (?, ?, ?)")) {
      ps.setLong(1, next);
      ps.setBytes(2, encode(commands));
      ps.setLong(3, time);
      ps.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      IllegalStateException failure = new IllegalStateException("registry log commit failed: " + e.getMessage(), e);
      batch.forEach(b -> b.done.completeExceptionally(failure));
      return;
    }
    height = next;
    lastTime = time;
    CommittedBlock block = new CommittedBlock(next, time, commands, Optional.empty());
    subscribers.forEach(listener -> deliver(listener, block));
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).done.complete(new CommitReceipt(next, i));
    }
  }

  private static void deliver(CommittedBlockListener listener, CommittedBlock block) {
    try {
      listener.onCommit(block);
    } catch (RuntimeException e) {
      // A listener bug must not stop the log or starve other subscribers; it is loud, not silent.
      LOG.error("listener failed on block {}", block.height(), e);
    }
  }

  private void rollbackQuietly() {
    try {
      db.rollback();
    } catch (SQLException e) {
      LOG.error("rollback after failed commit also failed", e);
    }
  }

  static byte[] encode(List<byte[]> commands) {
    CanonicalWriter w = new CanonicalWriter().u32(commands.size());
    commands.forEach(w::bytes);
    return w.toByteArray();
  }

  static List<byte[]> decode(byte[] stored) {
    CanonicalReader r = new CanonicalReader(stored);
    int n = r.count("block commands", MAX_BLOCK_COMMANDS);
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(r.bytes("block command " + i, MAX_COMMAND_BYTES));
    }
    r.finish();
    return out;
  }

  /** Stops accepting commands, commits what was already submitted, and closes the file. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    writer.shutdown();
    try {
      if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("registry log writer did not finish within 30s; closing anyway");
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closed = true;
    Pending p;
    while ((p = queue.poll()) != null) {
      p.done.completeExceptionally(new IllegalStateException("registry log is closed"));
    }
    try {
      db.close();
    } catch (SQLException e) {
      LOG.warn("closing registry log database failed: {}", e.getMessage());
    }
  }
}
