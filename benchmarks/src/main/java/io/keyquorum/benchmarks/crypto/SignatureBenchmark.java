package io.keyquorum.benchmarks.crypto;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Ed25519 (BouncyCastle) over a 256-byte message, about the size of an attestation. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureBenchmark {
  private Ed25519PrivateKey key;
  private Ed25519PublicKey publicKey;
  private byte[] message;
  private byte[] signature;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    key = Ed25519PrivateKey.generate(random);
    publicKey = key.publicKey();
    message = new byte[256];
    random.nextBytes(message);
    signature = key.sign(message);
  }

  @Benchmark
  public byte[] ed25519Sign() {
    return key.sign(message);
  }

  @Benchmark
  public boolean ed25519Verify() {
    return publicKey.verify(message, signature);
  }
}
