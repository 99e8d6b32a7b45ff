package io.keyquorum.benchmarks.crypto;

import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.group.Scalar;
import io.keyquorum.crypto.shamir.Reconstruction;
import io.keyquorum.crypto.shamir.Shamir;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.crypto.shamir.Sharing;
import io.keyquorum.crypto.shamir.Threshold;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Split and combine (plain, verified, and verified with one bad share) for typical quorums. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ShamirBenchmark {
  @Param({"2/3", "3/5", "5/7", "11/21"})
  public String tOfN;

  private final SecureRandom random = new SecureRandom();
  private Threshold threshold;
  private SecretBytes secret;
  private Sharing sharing;
  private List<Share> firstT;
  private List<Share> badFirstThenRest;

  @Setup
  public void setUp() {
    String[] parts = tOfN.split("/");
    threshold = new Threshold(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    secret = Scalar.randomNonZero(random).toSecretBytes();
    sharing = Shamir.split(secret, threshold, random);
    firstT = sharing.shares().subList(0, threshold.t());
    // One tampered share up front forces the slow path: verify every share, name the bad one.
    badFirstThenRest = new ArrayList<>();
    badFirstThenRest.add(Share.of(1, sharing.share(1).value(SecretAccess.INSTANCE).add(Scalar.ONE)));
    badFirstThenRest.addAll(sharing.shares().subList(1, Math.min(threshold.n(), threshold.t() + 1)));
  }

  @Benchmark
  public Sharing split() {
    return Shamir.split(secret, threshold, random);
  }

  @Benchmark
  public SecretBytes combine() {
    return Shamir.combine(firstT, threshold);
  }

  @Benchmark
  public Reconstruction combineVerified() {
    return Shamir.combineVerified(firstT, sharing.commitments(), threshold);
  }

  @Benchmark
  public Reconstruction combineVerifiedOneBadShare() {
    return Shamir.combineVerified(badFirstThenRest, sharing.commitments(), threshold);
  }
}
