package io.keyquorum.attestor;

import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Moves a stopped attestor's data folder from one custody to another without changing any share:
 * each sealed value (the identity and every share row) is opened under the old custody and sealed
 * under the new one with the same aad, so the plaintext is byte for byte what it was.
 *
 * <p>Rerunnable after a crash at any point: a value that already opens under the new custody is
 * left as it is, the share rows change in one transaction, the identity file is replaced by rename,
 * and the folder's {@link CustodyKind} is written last. Until then the node refuses to start under
 * either custody, so it never serves from a half-moved folder.
 */
public final class CustodyMigration {
  private CustodyMigration() {}

  /** What moved. */
  public record Result(int shares, boolean identity) {}

  public static Result migrate(Path dataDir, String nodeId, Custody from, Custody to) throws IOException {
    Path sealed = dataDir.resolve(AttestorIdentity.SEALED_FILE);
    if (!Files.exists(sealed)) {
      throw new IOException("no node identity at " + sealed + "; nothing to migrate");
    }
    byte[] identityAad = AttestorIdentity.aad(nodeId);
    byte[] resealedIdentity = reseal(identityAad, Files.readAllBytes(sealed), from, to);
    Path dbFile = dataDir.resolve("attestor.db");
    int shares = 0;
    if (Files.exists(dbFile)) {
      try (NodeDatabase db = NodeDatabase.open(dbFile)) {
        shares = db.transaction(c -> {
          record Row(String key, long version, int index, byte[] sealed) {}
          List<Row> rows = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement("SELECT key_id, version, share_index, sealed FROM shares");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getBytes(4)));
            }
          }
          try (PreparedStatement up = c.prepareStatement(
              "UPDATE shares SET sealed = ? WHERE key_id = ? AND version = ?")) {
            for (Row r : rows) {
              up.setBytes(1, reseal(ShareVault.aad(nodeId, r.key(), r.version(), r.index()), r.sealed(), from, to));
              up.setString(2, r.key());
              up.setLong(3, r.version());
              up.executeUpdate();
            }
          }
          return rows.size();
        });
      }
    }
    Path tmp = dataDir.resolve(AttestorIdentity.SEALED_FILE + ".migrating");
    Files.write(tmp, resealedIdentity);
    Files.move(tmp, sealed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    to.kind().write(dataDir);
    return new Result(shares, true);
  }

  /** Opens under {@code from} and seals under {@code to}; a value already under {@code to} stays. */
  private static byte[] reseal(byte[] aad, byte[] value, Custody from, Custody to) {
    SecretBytes plain;
    try {
      plain = from.open(aad, value);
    } catch (DecryptionFailedException notUnderOld) {
      // Moved by an earlier, interrupted run? Then it opens under the new custody and stays.
      to.open(aad, value).close();
      return value;
    }
    try (plain) {
      byte[] bytes = plain.toByteArray(SecretAccess.INSTANCE);
      try {
        return to.seal(aad, bytes);
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }
}
