package io.keyquorum.attestor;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** The system clock plus an offset a test can move, so expiry is tested without sleeping. */
final class MutableClock extends Clock {
  private final AtomicLong offsetMillis = new AtomicLong();

  void advanceMillis(long millis) {
    offsetMillis.addAndGet(millis);
  }

  void reset() {
    offsetMillis.set(0);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plusMillis(offsetMillis.get());
  }
}
