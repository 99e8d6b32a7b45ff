package io.keyquorum.benchmarks.crypto;

import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.group.Scalar;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.hpke.SealedBox;
import io.keyquorum.crypto.wrap.KeyWrap;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** HPKE seal/open and key wrap/unwrap of a 32-byte payload (a share or a data key). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SealingBenchmark {
  private final SecureRandom random = new SecureRandom();
  private final byte[] info = "keyquorum/bench/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private final byte[] aad = new byte[16];
  private byte[] payload;
  private HpkePrivateKey recipient;
  private SealedBox box;
  private SecretBytes s;
  private SecretBytes material;
  private byte[] wrapped;

  @Setup
  public void setUp() {
    payload = new byte[32];
    random.nextBytes(payload);
    recipient = HpkePrivateKey.generate(random);
    box = Hpke.seal(recipient.publicKey(), info, aad, payload);
    s = Scalar.randomNonZero(random).toSecretBytes();
    material = SecretBytes.copyOf(payload);
    wrapped = KeyWrap.wrap(s, "bench-key", 1, material, random);
  }

  @Benchmark
  public SealedBox hpkeSeal() {
    return Hpke.seal(recipient.publicKey(), info, aad, payload);
  }

  @Benchmark
  public SecretBytes hpkeOpen() {
    return Hpke.open(recipient, box, info, aad);
  }

  @Benchmark
  public byte[] keyWrap() {
    return KeyWrap.wrap(s, "bench-key", 1, material, random);
  }

  @Benchmark
  public SecretBytes keyUnwrap() {
    return KeyWrap.unwrap(s, "bench-key", 1, wrapped);
  }
}
