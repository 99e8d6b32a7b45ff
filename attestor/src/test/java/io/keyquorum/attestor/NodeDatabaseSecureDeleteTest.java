package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleted custody rows (sealed shares, nonces, the release ledger) are zeroed on disk, not left in free pages. */
class NodeDatabaseSecureDeleteTest {
  @TempDir Path dir;

  private static long secureDelete(NodeDatabase db) {
    return db.transaction(c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA secure_delete")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Test
  void custodyDatabase_hasSecureDeleteOn_andKeepsItAfterReopen() {
    Path file = dir.resolve("attestor.db");
    try (NodeDatabase db = NodeDatabase.open(file)) {
      assertThat(secureDelete(db)).isEqualTo(1);
    }
    try (NodeDatabase db = NodeDatabase.open(file)) {
      assertThat(secureDelete(db)).isEqualTo(1);
    }
  }
}
