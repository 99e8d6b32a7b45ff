package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RegistryCatchUpTest {
  @Test
  void replicaAlreadyAtHeight_doesNotWait() {
    assertThat(RegistryCatchUp.await(() -> 12, 12, Duration.ZERO)).isTrue();
  }

  @Test
  void replicaCatchingUpDuringTheWait_isAwaited() {
    AtomicLong calls = new AtomicLong();
    // The replica reaches height 12 on the fifth look.
    assertThat(RegistryCatchUp.await(() -> 7 + calls.incrementAndGet(), 12, Duration.ofSeconds(5))).isTrue();
    assertThat(calls.get()).isEqualTo(5);
  }

  @Test
  void replicaThatNeverCatchesUp_isJudgedAfterTheBound() {
    assertThat(RegistryCatchUp.await(() -> 11, 12, Duration.ofMillis(20))).isFalse();
  }
}
