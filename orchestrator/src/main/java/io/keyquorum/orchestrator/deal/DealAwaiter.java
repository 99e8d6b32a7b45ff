package io.keyquorum.orchestrator.deal;

import io.keyquorum.orchestrator.RegistryView;
import io.keyquorum.orchestrator.flow.OrchestratorException;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.CommandOutcome;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.KeyVersion;
import io.keyquorum.registry.command.SignedCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Submits a dealt command and waits for the key version it created to settle: ACTIVE once every
 * attestor acked, FAILED once one complained (the error names the complainers and their reasons),
 * or a timeout naming the attestors that have not spoken.
 */
final class DealAwaiter {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final RegistryView registry;
  private final Duration ackTimeout;

  DealAwaiter(RegistryView registry, Duration ackTimeout) {
    this.registry = registry;
    this.ackTimeout = ackTimeout;
  }

  void submit(SignedCommand command) {
    CommandOutcome outcome;
    try {
      outcome = registry.submit(command).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OrchestratorException(ErrorKind.UNAVAILABLE, "interrupted while committing " + command.type());
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof io.keyquorum.registry.CommandRefusedException refused) {
        // Refused before ordering by a validating replica: the same rejection a commit would have carried.
        throw new OrchestratorException(ErrorKind.REJECTED, "registry rejected " + command.type() + ": " + refused.rejection());
      }
      throw new OrchestratorException(ErrorKind.UNAVAILABLE, "registry did not commit " + command.type() + ": " + e);
    } catch (java.util.concurrent.TimeoutException | CompletionException e) {
      throw new OrchestratorException(ErrorKind.UNAVAILABLE, "registry did not commit " + command.type() + ": " + e);
    }
    outcome.rejection().ifPresent(r -> {
      throw new OrchestratorException(ErrorKind.REJECTED, "registry rejected " + command.type() + ": " + r);
    });
  }

  KeyRecord awaitSettled(String keyId, long version) {
    long deadline = System.nanoTime() + ackTimeout.toNanos();
    while (true) {
      KeyRecord key = registry.state().key(keyId).orElseThrow(() ->
          new OrchestratorException(ErrorKind.UNAVAILABLE, "key " + keyId + " vanished from the registry"));
      KeyVersion v = key.versions().get(version);
      switch (v.status()) {
        case ACTIVE:
          return key;
        case FAILED: {
          List<String> parts = new ArrayList<>();
          v.complaints().forEach((who, why) -> parts.add(who + " complained (" + why + ")"));
          throw new OrchestratorException(ErrorKind.REJECTED,
              "key " + keyId + " v" + version + " failed: " + String.join(", ", parts));
        }
        default:
          break;
      }
      if (System.nanoTime() > deadline) {
        List<String> silent = new ArrayList<>(v.deal().attestors());
        silent.removeIf(v::hasSpoken);
        throw new OrchestratorException(ErrorKind.UNAVAILABLE, "key " + keyId + " v" + version
            + " is still pending after " + ackTimeout.toSeconds() + " s; no receipt yet from " + silent);
      }
      // Polling the replica snapshot: it is a volatile read, and deals are rare.
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
