package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBlockStoreTest extends BlockStoreContract {
  @TempDir
  Path dir;

  @Override
  BlockStore open() {
    return new SqliteBlockStore(dir.resolve("blocks.db"));
  }

  @Test
  void everythingStored_survivesClosingAndReopeningTheFile() {
    store.putBlock(b1);
    store.saveSafety(new SafetyState(5, chain.genesisQc(), chain.certify(b1)));
    store.close();
    store = open();
    assertThat(store.loadBlocks()).extracting(Block::hash).containsExactly(b1.hash());
    assertThat(store.loadSafety().orElseThrow().lastVotedView()).isEqualTo(5);
  }

  @Test
  void databaseFile_isInWalMode() throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("blocks.db"));
        var rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }
}
