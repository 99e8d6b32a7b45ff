package io.keyquorum.crypto.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs one fuzz target: mutated seeds are fed to {@code body}, which may only throw one of the
 * documented exception types with a non-empty message. Any other exception, any {@link Error}
 * (StackOverflowError, OutOfMemoryError) or a batch that overruns its time budget fails the test
 * with the seed and iteration to replay.
 *
 * <p>Budget: {@value #DEFAULT_ITERATIONS} iterations with seed {@value #DEFAULT_SEED} by default (CI);
 * {@code -Dkeyquorum.fuzz.iterations=N -Dkeyquorum.fuzz.seed=S} for a longer or different run.
 * Iteration {@code i} draws its mutations from a random source derived only from (seed, i), so a
 * failure replays with the same seed and at least {@code i + 1} iterations.
 */
public final class Fuzz {
  public static final int DEFAULT_ITERATIONS = 2000;
  public static final long DEFAULT_SEED = 20261128L;
  private static final int BATCH = 250;
  private static final Duration BATCH_BUDGET = Duration.ofSeconds(30);

  /** The code under test; it receives one (possibly mutated) input. */
  @FunctionalInterface
  public interface Target {
    void accept(byte[] input) throws Exception;
  }

  private Fuzz() {}

  public static int iterations() {
    return Integer.getInteger("keyquorum.fuzz.iterations", DEFAULT_ITERATIONS);
  }

  public static long seed() {
    return Long.getLong("keyquorum.fuzz.seed", DEFAULT_SEED);
  }

  /** Runs {@link #iterations()} iterations; returns how many inputs were rejected (for sanity checks). */
  public static int run(String name, List<byte[]> seeds, Set<Class<? extends Throwable>> documented, Target body) {
    return run(name, seeds, documented, iterations(), body);
  }

  public static int run(String name, List<byte[]> seeds, Set<Class<? extends Throwable>> documented,
      int iterations, Target body) {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("fuzz target " + name + " needs at least one valid seed");
    }
    long seed = seed();
    // The seeds are valid encodings: the target must accept them, or the fuzzer explores nothing.
    for (int s = 0; s < seeds.size(); s++) {
      try {
        body.accept(seeds.get(s));
      } catch (Throwable t) {
        throw new AssertionError("fuzz target " + name + ": valid seed " + s + " was rejected", t);
      }
    }
    int rejected = 0;
    for (int start = 0; start < iterations; start += BATCH) {
      int from = start;
      int to = Math.min(iterations, start + BATCH);
      rejected += assertTimeoutPreemptively(BATCH_BUDGET,
          () -> batch(name, seeds, documented, body, seed, from, to),
          () -> "fuzz target " + name + " hung in iterations " + from + ".." + (to - 1) + replay(seed, to));
    }
    return rejected;
  }

  private static int batch(String name, List<byte[]> seeds, Set<Class<? extends Throwable>> documented, Target body,
      long seed, int from, int to) {
    int rejected = 0;
    for (int i = from; i < to; i++) {
      SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
      byte[] input = new Mutator(random).mutate(seeds.get(random.nextInt(seeds.size())), seeds);
      try {
        body.accept(input);
      } catch (Throwable t) {
        if (!isDocumented(t, documented)) {
          throw new AssertionError("fuzz target " + name + " threw an undocumented " + t.getClass().getName()
              + " at iteration " + i + replay(seed, i + 1) + "; input " + hex(input), t);
        }
        rejected++;
      }
    }
    return rejected;
  }

  private static boolean isDocumented(Throwable t, Set<Class<? extends Throwable>> documented) {
    String message = t.getMessage();
    return message != null && !message.isBlank() && documented.stream().anyMatch(c -> c.isInstance(t));
  }

  private static String replay(long seed, int iterations) {
    return " (replay: -Dkeyquorum.fuzz.seed=" + seed + " -Dkeyquorum.fuzz.iterations=" + iterations + ")";
  }

  private static String hex(byte[] input) {
    int shown = Math.min(input.length, 512);
    return input.length + " bytes " + HexFormat.of().formatHex(input, 0, shown) + (shown < input.length ? "..." : "");
  }
}
