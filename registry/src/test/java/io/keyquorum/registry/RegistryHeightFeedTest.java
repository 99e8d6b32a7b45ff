package io.keyquorum.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.log.InMemoryReplicatedLog;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Registry#reached}: waiting for a height costs no thread; the commit feed completes it. */
class RegistryHeightFeedTest {
  @Test
  void heightAlreadyReached_isCompleteAtOnce_andAFutureHeightCompletesWhenCommitted() throws Exception {
    TestNetwork net = new TestNetwork();
    try (Registry registry = new Registry(new InMemoryReplicatedLog(), net.empty())) {
      assertThat(registry.reached(0)).isDone();
      List<SignedCommand> bootstrap = net.bootstrap();
      CompletableFuture<RegistryState> atOne = registry.reached(1);
      CompletableFuture<RegistryState> atLast = registry.reached(bootstrap.size());
      CompletableFuture<RegistryState> abandoned = registry.reached(bootstrap.size());
      abandoned.cancel(false);
      assertThat(atOne).isNotDone();
      for (SignedCommand c : bootstrap) {
        registry.submit(c).join();
      }
      assertThat(atOne.get(10, TimeUnit.SECONDS).height()).isGreaterThanOrEqualTo(1);
      assertThat(atLast.get(10, TimeUnit.SECONDS).height()).isEqualTo(bootstrap.size());
      assertThat(abandoned).isCancelled();
      assertThat(registry.reached(bootstrap.size() + 100)).isNotDone();
    }
  }
}
