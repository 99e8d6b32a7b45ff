package io.keyquorum.cli.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/** The once-a-second stderr line: requests answered so far, the rate over the last tick, errors. */
final class ProgressLine implements Consumer<ProgressTick> {
  private final PrintWriter err;
  private long lastCompleted;
  private double lastElapsed;

  ProgressLine(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void accept(ProgressTick tick) {
    double seconds = tick.elapsedSeconds() - lastElapsed;
    double rate = seconds > 0 ? (tick.completed() - lastCompleted) / seconds : 0;
    lastCompleted = tick.completed();
    lastElapsed = tick.elapsedSeconds();
    err.printf(Locale.ROOT, "kq bench: %6.1fs%s done %d (%.0f/s), failed %d, dropped %d, in flight %d%n",
        tick.elapsedSeconds(), tick.warmingUp() ? " warm-up" : "", tick.completed(), rate, tick.failed(),
        tick.dropped(), tick.inFlight());
    err.flush();
  }
}
