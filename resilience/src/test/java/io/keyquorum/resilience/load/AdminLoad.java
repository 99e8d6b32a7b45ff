package io.keyquorum.resilience.load;

import io.keyquorum.client.AdminCommands;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registry writes under way while faults happen: one thread that, every {@code interval}, either
 * creates a key (every third step) or replaces the policy of {@code policyKey}. It records what was
 * acknowledged: created key ids, the policy version each acknowledged update produced, and the
 * highest registry height an acknowledgement named; those are what must survive every fault.
 */
public final class AdminLoad implements AutoCloseable {
  public static final String ALLOW_ALL = "policy: allow-all\nrules:\n  - effect: allow\n";

  private final KeyQuorumClient client;
  private final AdminCommands admin;
  private final String policyKey;
  private final List<String> attestors;
  private final String prefix;
  private final Duration interval;
  private final Thread worker;
  private final List<String> createdKeys = new CopyOnWriteArrayList<>();
  private final Map<String, Long> policyVersions = new ConcurrentHashMap<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final AtomicLong ackedHeight = new AtomicLong();
  private final AtomicInteger policyUpdates = new AtomicInteger();
  private volatile boolean running = true;

  public AdminLoad(KeyQuorumClient client, AdminCommands admin, String policyKey, List<String> attestors,
      String prefix, Duration interval) {
    this.client = client;
    this.admin = admin;
    this.policyKey = policyKey;
    this.attestors = List.copyOf(attestors);
    this.prefix = prefix;
    this.interval = interval;
    this.worker = new Thread(this::run, "admin-load-" + prefix);
    worker.setDaemon(true);
    worker.start();
  }

  private void run() {
    for (int step = 0; running; step++) {
      try {
        if (step % 3 == 0) {
          KeyInfo key = client.createKey(prefix + "-" + step, attestors, 3, ALLOW_ALL, Optional.empty());
          createdKeys.add(key.keyId());
        } else {
          long current = client.keyPolicy(policyKey).version();
          long height = admin.putKeyPolicy(policyKey, current, "policy: rev-" + step + "\nrules:\n  - effect: allow\n");
          policyVersions.merge(policyKey, current + 1, Math::max);
          policyUpdates.incrementAndGet();
          ackedHeight.accumulateAndGet(height, Math::max);
        }
      } catch (RuntimeException e) {
        failures.add("step " + step + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      try {
        TimeUnit.MILLISECONDS.sleep(interval.toMillis()); // pacing between admin steps
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public List<String> createdKeys() {
    return List.copyOf(createdKeys);
  }

  public Map<String, Long> policyVersions() {
    return Map.copyOf(policyVersions);
  }

  public long ackedHeight() {
    return ackedHeight.get();
  }

  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** Acknowledged registry writes so far (created keys plus policy updates). */
  public int acknowledged() {
    return createdKeys.size() + policyUpdates.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    worker.join(TimeUnit.SECONDS.toMillis(90));
  }
}
