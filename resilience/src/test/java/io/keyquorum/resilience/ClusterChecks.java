package io.keyquorum.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyResult;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.resilience.cluster.ProxiedNetwork;
import io.keyquorum.resilience.cluster.RegistryProbe;
import io.keyquorum.resilience.load.AdminLoad;
import io.keyquorum.resilience.load.DatakeyLoad;
import io.keyquorum.rpc.v1.AttestorHealth;
import io.keyquorum.rpc.v1.NetworkStatus;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** The assertions every scenario makes after its fault, shared so each states them identically. */
final class ClusterChecks {
  private ClusterChecks() {}

  /**
   * Full health without an operator: the orchestrator reports every attestor healthy with the
   * orchestrator's own registry height, and a data key request succeeds.
   */
  static NetworkStatus awaitFullHealth(KeyQuorumClient client, String keyRef, Duration timeout, String context) {
    NetworkStatus[] last = new NetworkStatus[1];
    await("full health (" + context + ")").atMost(timeout).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions().until(() -> {
          NetworkStatus s = client.status();
          last[0] = s;
          return s.getAttestorsList().stream().allMatch(a -> a.getHealthy()
              && a.getRegistryHeight() == s.getRegistryHeight());
        });
    try (KeyResult probe = client.generateDataKey(keyRef, DatakeyLoad.CONTEXT, DeliveryMode.ORCHESTRATOR)) {
      assertThat(probe.attestations()).as(context).hasSize(3);
    }
    return last[0];
  }

  /**
   * No acknowledged registry write is lost: every attestor's own committed registry (read from
   * that node alone) reaches the height of the last acknowledgement, all agree on height and state
   * digest, and each holds every acknowledged key and at least every acknowledged policy version.
   */
  static void assertRegistriesAgree(ProxiedNetwork network, AdminLoad admin, long height, String context)
      throws IOException {
    assertThat(height).as(context).isGreaterThanOrEqualTo(admin.ackedHeight());
    // Attestors anchor their audit heads in the background, so a block may commit between two
    // reads: read again at the highest height seen until one set of reads shares a height.
    long target = height;
    List<RegistryProbe.Snapshot> snapshots = new ArrayList<>();
    for (int attempt = 0; attempt < 5; attempt++) {
      snapshots.clear();
      for (String id : network.attestors()) {
        snapshots.add(RegistryProbe.read(network, id, target, Duration.ofSeconds(60)));
      }
      long max = snapshots.stream().mapToLong(RegistryProbe.Snapshot::height).max().orElse(target);
      if (snapshots.stream().allMatch(s -> s.height() == max)) {
        target = max;
        break;
      }
      target = max;
    }
    for (RegistryProbe.Snapshot s : snapshots) {
      assertThat(s.height()).as(context + ": " + s.node() + " height").isEqualTo(target);
      assertThat(s.digest()).as(context + ": " + s.node() + " state digest").isEqualTo(snapshots.get(0).digest());
      assertThat(s.keyStates().keySet()).as(context + ": " + s.node() + " keys").containsAll(admin.createdKeys());
      admin.policyVersions().forEach((key, version) -> assertThat(s.policyVersions().get(key))
          .as(context + ": " + s.node() + " policy of " + key).isGreaterThanOrEqualTo(version));
    }
  }

  /** Every acknowledged data key decrypts (in the other delivery mode too) to a key with the recorded digest. */
  static void assertAllDecrypt(KeyQuorumClient client, List<DatakeyLoad.Success> successes, String context)
      throws Exception {
    assertThat(successes).as(context + ": data keys acknowledged").isNotEmpty();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> mismatches = new ArrayList<>();
      for (int i = 0; i < successes.size(); i++) {
        DatakeyLoad.Success s = successes.get(i);
        DeliveryMode mode = i % 2 == 0 ? DeliveryMode.ORCHESTRATOR : DeliveryMode.CLIENT;
        mismatches.add(pool.submit(() -> {
          try (KeyResult opened = client.decrypt(s.blob(), DatakeyLoad.CONTEXT, mode)) {
            byte[] key = opened.secretOrThrow().toByteArray(SecretAccess.INSTANCE);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            Arrays.fill(key, (byte) 0);
            return MessageDigest.isEqual(digest, s.dataKeyDigest()) ? null : "blob decrypted to another key";
          } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
          }
        }));
      }
      List<String> failed = new ArrayList<>();
      for (Future<String> f : mismatches) {
        String problem = f.get(5, TimeUnit.MINUTES);
        if (problem != null) {
          failed.add(problem);
        }
      }
      assertThat(failed).as(context + ": of " + successes.size() + " acknowledged data keys").isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  /** A latency percentile of these requests, in milliseconds (HdrHistogram, 3 significant digits). */
  static double percentileMillis(List<DatakeyLoad.Success> requests, double percentile) {
    Histogram h = new Histogram(3);
    requests.forEach(r -> h.recordValue(Math.max(1, r.latency().toNanos() / 1000)));
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  static String summary(NetworkStatus status) {
    StringBuilder s = new StringBuilder("orchestrator height " + status.getRegistryHeight() + ";");
    for (AttestorHealth a : status.getAttestorsList()) {
      s.append(' ').append(a.getAttestorId()).append(a.getHealthy() ? "=h" + a.getRegistryHeight() : "=DOWN");
    }
    return s.toString();
  }
}
