package io.keyquorum.cli.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * One request as a user sees it, e.g. "generate a data key". {@link #start()} begins it and the
 * returned stage completes when it has answered, exceptionally when it failed; the load generator
 * times it and counts the failure by kind.
 */
@FunctionalInterface
public interface Operation {
  CompletionStage<?> start();

  /** A blocking call, such as one of the SDK's methods. */
  @FunctionalInterface
  interface BlockingCall {
    void run() throws Exception;
  }

  /**
   * Runs a blocking call on {@code executor}, so the open-loop scheduler is never held up by a
   * slow request; the executor needs a thread for every request allowed in flight.
   */
  static Operation blocking(Executor executor, BlockingCall call) {
    return () -> CompletableFuture.runAsync(() -> {
      try {
        call.run();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, executor);
  }
}
