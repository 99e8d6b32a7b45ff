package io.keyquorum.consensus;

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

/**
 * A {@link BlockStore} in one SQLite file, in WAL mode with {@code synchronous=FULL}, so every
 * call has reached the disk when it returns and a {@code kill -9} loses nothing already returned.
 * Each call is one transaction. Values are the canonical encodings, so what is stored is exactly
 * what was hashed and signed.
 */
public final class SqliteBlockStore implements BlockStore {
  private final Connection db;

  public SqliteBlockStore(Path file) {
    try {
      db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("CREATE TABLE IF NOT EXISTS blocks (hash BLOB PRIMARY KEY, height INTEGER NOT NULL, bytes BLOB NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, bytes BLOB NOT NULL)");
      }
      db.setAutoCommit(false);
      db.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open block store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void putBlock(Block block) {
    if (block.isGenesis()) {
      return;
    }
    try (PreparedStatement p = db.prepareStatement("INSERT OR IGNORE INTO blocks (hash, height, bytes) VALUES (?, ?, ?)")) {
      p.setBytes(1, block.hash().bytes());
      p.setLong(2, block.height());
      p.setBytes(3, block.encoded());
      p.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      throw failure("store block", e);
    }
  }

  @Override
  public synchronized List<Block> loadBlocks() {
    List<Block> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT hash, bytes FROM blocks ORDER BY height")) {
      while (rs.next()) {
        Block b = Block.decode(rs.getBytes(2));
        if (!b.hash().equals(BlockHash.of(rs.getBytes(1)))) {
          throw new IllegalStateException("block store is corrupt: stored hash does not match block " + b);
        }
        out.add(b);
      }
      db.commit();
    } catch (SQLException e) {
      throw failure("load blocks", e);
    }
    return out;
  }

  @Override
  public void saveCommitted(CommitProof proof) {
    put("committed", proof.encode());
  }

  @Override
  public Optional<CommitProof> loadCommitted() {
    return get("committed").map(CommitProof::decode);
  }

  @Override
  public void saveSafety(SafetyState state) {
    put("safety", SafetyStates.encode(state));
  }

  @Override
  public Optional<SafetyState> loadSafety() {
    return get("safety").map(SafetyStates::decode);
  }

  private synchronized void put(String name, byte[] bytes) {
    try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO state (name, bytes) VALUES (?, ?)")) {
      p.setString(1, name);
      p.setBytes(2, bytes);
      p.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      throw failure("store " + name, e);
    }
  }

  private synchronized Optional<byte[]> get(String name) {
    try (PreparedStatement p = db.prepareStatement("SELECT bytes FROM state WHERE name = ?")) {
      p.setString(1, name);
      try (ResultSet rs = p.executeQuery()) {
        Optional<byte[]> out = rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
        db.commit();
        return out;
      }
    } catch (SQLException e) {
      throw failure("load " + name, e);
    }
  }

  private IllegalStateException failure(String what, SQLException e) {
    try {
      db.rollback();
    } catch (SQLException rollback) {
      e.addSuppressed(rollback);
    }
    return new IllegalStateException("block store: cannot " + what + ": " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new IllegalStateException("block store: cannot close: " + e.getMessage(), e);
    }
  }
}
