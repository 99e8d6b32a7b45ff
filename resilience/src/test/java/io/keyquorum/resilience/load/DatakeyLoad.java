package io.keyquorum.resilience.load;

import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyResult;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.protocol.DeliveryMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Sustained data-key load: {@code threads} workers, each issuing a GenerateDataKey every
 * {@code interval} (or as fast as answers come back, if slower), alternating the two delivery
 * modes. Every success is kept with its ciphertext blob and the SHA-256 of its data key (never
 * the key), every failure with its error, both stamped on {@link System#nanoTime}, the clock
 * fault events are stamped on too.
 */
public final class DatakeyLoad implements AutoCloseable {
  /** An acknowledged data key: the blob to decrypt later and the digest its plaintext must have. */
  public record Success(long startNanos, long endNanos, byte[] blob, byte[] dataKeyDigest, List<String> approvers) {
    public Duration latency() {
      return Duration.ofNanos(endNanos - startNanos);
    }
  }

  public record Failure(long startNanos, long endNanos, String error) {}

  public static final Map<String, String> CONTEXT = Map.of("app", "resilience");

  private final KeyQuorumClient client;
  private final String keyRef;
  private final Duration interval;
  private final List<Thread> workers = new ArrayList<>();
  private final List<Success> successes = new CopyOnWriteArrayList<>();
  private final List<Failure> failures = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;

  public DatakeyLoad(KeyQuorumClient client, String keyRef, int threads, Duration interval) {
    this.client = client;
    this.keyRef = keyRef;
    this.interval = interval;
    for (int i = 0; i < threads; i++) {
      DeliveryMode mode = i % 2 == 0 ? DeliveryMode.CLIENT : DeliveryMode.ORCHESTRATOR;
      Thread worker = new Thread(() -> run(mode), "datakey-load-" + i);
      worker.setDaemon(true);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
  }

  private void run(DeliveryMode mode) {
    long next = System.nanoTime();
    while (running) {
      long start = System.nanoTime();
      try (KeyResult result = client.generateDataKey(keyRef, CONTEXT, mode)) {
        byte[] key = result.secretOrThrow().toByteArray(SecretAccess.INSTANCE);
        byte[] digest = sha256(key);
        Arrays.fill(key, (byte) 0);
        List<String> approvers = result.attestations().stream().map(a -> a.claimedAttestorId()).toList();
        successes.add(new Success(start, System.nanoTime(), result.blobOrThrow(), digest, approvers));
      } catch (RuntimeException e) {
        failures.add(new Failure(start, System.nanoTime(), e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
      next += interval.toNanos();
      long wait = next - System.nanoTime();
      if (wait > 0) {
        pace(wait);
      } else {
        next = System.nanoTime(); // fell behind (a slow answer): do not burst to catch up
      }
    }
  }

  /** Open-loop pacing between requests, not a wait for a condition. */
  private void pace(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  public List<Success> successes() {
    return List.copyOf(successes);
  }

  public List<Failure> failures() {
    return List.copyOf(failures);
  }

  public List<Success> successes(Predicate<Success> which) {
    return successes.stream().filter(which).toList();
  }

  public long count() {
    return successes.size() + failures.size();
  }

  /** Stops issuing and waits for requests in flight to finish. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread worker : workers) {
      worker.join(TimeUnit.SECONDS.toMillis(90));
    }
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
