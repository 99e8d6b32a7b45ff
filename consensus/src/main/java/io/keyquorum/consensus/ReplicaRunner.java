package io.keyquorum.consensus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link Replica} in production: a single scheduler thread owns the replica, so every
 * event (inbound message, tick, submission) runs one at a time, exactly as in simulation.
 * Transports call {@link #deliver} from any thread; the replica's outbound sends run on the
 * scheduler thread, so the {@link ReplicaNetwork} given to the replica must not block.
 */
public final class ReplicaRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplicaRunner.class);

  private final Replica replica;
  private final ScheduledExecutorService thread;

  public ReplicaRunner(Replica replica, LongSupplier clockMillis, long tickMillis) {
    this.replica = replica;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "keyquorum-replica-" + replica.index());
      t.setDaemon(true);
      return t;
    });
    thread.scheduleAtFixedRate(() -> run(() -> replica.onTick(clockMillis.getAsLong())), 0, tickMillis, TimeUnit.MILLISECONDS);
  }

  /** Hands an inbound message to the replica thread. */
  public void deliver(int fromReplica, byte[] message) {
    byte[] copy = message.clone();
    thread.execute(() -> run(() -> replica.onMessage(fromReplica, copy)));
  }

  /** Submits a command on the replica thread; completes with {@link Replica#submit}'s answer. */
  public CompletableFuture<Boolean> submit(byte[] command) {
    byte[] copy = command.clone();
    return CompletableFuture.supplyAsync(() -> replica.submit(copy), thread);
  }

  public CompletableFuture<Long> committedHeight() {
    return CompletableFuture.supplyAsync(replica::committedHeight, thread);
  }

  private void run(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      // A failing store or listener must not silently kill the scheduler; it is reported and the
      // event is lost, as if the node had crashed just before it.
      log.error("replica {} failed handling an event", replica.index(), e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
