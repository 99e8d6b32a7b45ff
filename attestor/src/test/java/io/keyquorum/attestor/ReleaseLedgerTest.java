package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.protocol.RequestDigest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release ledger forgets a digest only once a replay of it would be refused as stale anyway
 * (released more than twice the freshness window ago), and never one that could still be replayed.
 */
class ReleaseLedgerTest {
  private static final Duration WINDOW = Duration.ofSeconds(90); // skew 30 s + attestation TTL 60 s
  private static final long T = 1_800_000_000_000L;

  @TempDir Path dir;
  private NodeDatabase db;

  @BeforeEach
  void open() {
    db = NodeDatabase.open(dir.resolve("attestor.db"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static RequestDigest digest(int fill) {
    byte[] b = new byte[RequestDigest.LENGTH];
    Arrays.fill(b, (byte) fill);
    return RequestDigest.of(b);
  }

  private static boolean record(ReleaseLedger ledger, RequestDigest d, long at) {
    return ledger.recordIfFirst(d, "k1", 1, at, c -> null);
  }

  @Test
  void expiredLedgerEntries_arePruned() {
    ReleaseLedger ledger = new ReleaseLedger(db, WINDOW);
    RequestDigest expired = digest(1);
    RequestDigest live = digest(2);
    assertThat(record(ledger, expired, T - 2 * WINDOW.toMillis() - 1)).isTrue();
    assertThat(record(ledger, live, T - 2 * WINDOW.toMillis() + 1_000)).isTrue();

    assertThat(ledger.prune(T)).isEqualTo(1);

    assertThat(ledger.released(expired)).isFalse();
    assertThat(ledger.released(live)).isTrue();
  }

  @Test
  void replayOfAnUnexpiredRelease_isStillRefusedAfterPruning() {
    ReleaseLedger ledger = new ReleaseLedger(db, WINDOW);
    RequestDigest live = digest(3);
    // Released just now: a request issued up to one window in the future could be replayed for
    // two windows, so pruning at any time inside that must keep it.
    assertThat(record(ledger, live, T)).isTrue();
    ledger.prune(T + 2 * WINDOW.toMillis());
    assertThat(ledger.released(live)).isTrue();
    assertThat(record(ledger, live, T + 2 * WINDOW.toMillis())).as("replay refused").isFalse();
  }

  @Test
  void insertBatches_pruneExpiredEntriesWithoutATimer() {
    ReleaseLedger ledger = new ReleaseLedger(db, WINDOW, 2);
    RequestDigest old = digest(4);
    assertThat(record(ledger, old, T)).isTrue();
    long later = T + 2 * WINDOW.toMillis() + 1;
    assertThat(record(ledger, digest(5), later)).isTrue(); // the second insert prunes
    assertThat(ledger.released(old)).isFalse();
    assertThat(ledger.released(digest(5))).isTrue();
  }
}
