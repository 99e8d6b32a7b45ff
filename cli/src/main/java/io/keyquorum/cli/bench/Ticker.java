package io.keyquorum.cli.bench;

import java.util.concurrent.locks.LockSupport;

/** The load generator's time source: monotonic nanoseconds, and a way to wait for a moment. */
public interface Ticker {
  long nanoTime();

  /** Returns at or after {@code deadlineNanos} (on this ticker's scale), or early if interrupted. */
  void sleepUntil(long deadlineNanos);

  Ticker SYSTEM = new Ticker() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleepUntil(long deadlineNanos) {
      for (long left = deadlineNanos - System.nanoTime(); left > 0 && !Thread.currentThread().isInterrupted();
          left = deadlineNanos - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
    }
  };
}
