package io.keyquorum.cli.bench;

/**
 * A once-a-second view of a run in progress: everything answered so far ({@code completed},
 * warm-up included, of which {@code failed}), and the measured window's {@code ok}, {@code errors}
 * and {@code dropped}, with the requests outstanding now.
 */
public record ProgressTick(double elapsedSeconds, boolean warmingUp, long completed, long failed, long ok,
    long errors, long dropped, int inFlight) {}
