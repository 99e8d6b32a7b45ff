package io.keyquorum.registry.log.bft;

import io.keyquorum.consensus.BlockStore;
import io.keyquorum.consensus.ReplicaConfig;
import io.keyquorum.consensus.ReplicaNetwork;
import io.keyquorum.consensus.ReplicaSet;
import io.keyquorum.consensus.SqliteBlockStore;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.SecretBytes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * n HotStuff replicas (SQLite stores in a directory) and optionally one learner in this JVM,
 * joined by an in-process network: each send is handed to the receiver's own thread, as a real
 * transport would. Replicas can be stopped and restarted on their stores, or isolated.
 */
public final class LocalCluster implements AutoCloseable {
  public static final HotStuffLog.Timing TIMING =
      new HotStuffLog.Timing(new ReplicaConfig(300, 4, ReplicaConfig.defaults().maxBatchBytes(), 100_000, 256L << 20), 5, Duration.ofSeconds(20));

  private final Path dir;
  private final List<Ed25519PrivateKey> keys = new ArrayList<>();
  private final ReplicaSet replicas;
  private final HotStuffLog[] logs;
  private final Set<Integer> isolated = ConcurrentHashMap.newKeySet();
  private final HotStuffLog.Timing timing;
  /** When set, replicas run validating ({@link HotStuffLog#openValidating}) from this empty registry. */
  private final io.keyquorum.registry.RegistryState validatingFrom;
  private volatile LearnerLog learner;

  public LocalCluster(Path dir, int n) {
    this(dir, n, TIMING);
  }

  public LocalCluster(Path dir, int n, HotStuffLog.Timing timing) {
    this(dir, n, timing, null);
  }

  /** Replicas that vote only for commands the registry state machine accepts (null: any bytes). */
  public LocalCluster(Path dir, int n, HotStuffLog.Timing timing, io.keyquorum.registry.RegistryState validatingFrom) {
    this.dir = dir;
    this.timing = timing;
    this.validatingFrom = validatingFrom;
    List<Ed25519PublicKey> publics = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) (i + 1);
      seed[31] = 0x33;
      keys.add(Ed25519PrivateKey.fromSeed(SecretBytes.copyOf(seed)));
      publics.add(keys.get(i).publicKey());
    }
    replicas = new ReplicaSet(publics);
    logs = new HotStuffLog[n];
    for (int i = 0; i < n; i++) {
      start(i);
    }
  }

  public ReplicaSet replicas() {
    return replicas;
  }

  public HotStuffLog log(int i) {
    return logs[i];
  }

  /** (Re)starts replica {@code i} on its SQLite store. */
  public void start(int i) {
    BlockStore store = new SqliteBlockStore(dir.resolve("replica-" + i + ".db"));
    logs[i] = validatingFrom == null ? HotStuffLog.open(i, keys.get(i), replicas, store, networkOf(i), timing)
        : HotStuffLog.openValidating(i, keys.get(i), replicas, store, networkOf(i), timing, validatingFrom);
  }

  /** Stops replica {@code i} (its store stays on disk). */
  public void stop(int i) {
    HotStuffLog log = logs[i];
    logs[i] = null;
    if (log != null) {
      log.close();
    }
  }

  /** Drops every message to and from replica {@code i} while isolated. */
  public void isolate(int i, boolean on) {
    if (on) {
      isolated.add(i);
    } else {
      isolated.remove(i);
    }
  }

  /** Starts the learner (index n); submits are relayed straight into the chosen replica's pool. */
  public LearnerLog startLearner() {
    int self = replicas.size();
    ReplicaNetwork net = new ReplicaNetwork() {
      @Override
      public void send(int to, byte[] message) {
        route(self, to, message);
      }

      @Override
      public void broadcast(byte[] message) {
        throw new UnsupportedOperationException("a learner never broadcasts");
      }
    };
    learner = new LearnerLog("local", replicas, net, (to, cmd) -> {
      HotStuffLog target = logs[to];
      if (target != null && !isolated.contains(to)) {
        target.submit(cmd);
      }
    }, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(20));
    return learner;
  }

  private ReplicaNetwork networkOf(int from) {
    return new ReplicaNetwork() {
      @Override
      public void send(int to, byte[] message) {
        route(from, to, message);
      }

      @Override
      public void broadcast(byte[] message) {
        for (int to = 0; to < logs.length; to++) {
          if (to != from) {
            route(from, to, message);
          }
        }
      }
    };
  }

  private void route(int from, int to, byte[] message) {
    if (isolated.contains(from) || isolated.contains(to)) {
      return;
    }
    if (to == replicas.size()) {
      LearnerLog l = learner;
      if (l != null) {
        l.onMessage(from, message);
      }
      return;
    }
    HotStuffLog target = to >= 0 && to < logs.length ? logs[to] : null;
    if (target != null) {
      target.onMessage(from, message);
    }
  }

  @Override
  public void close() {
    LearnerLog l = learner;
    if (l != null) {
      l.close();
    }
    for (int i = 0; i < logs.length; i++) {
      stop(i);
    }
  }
}
