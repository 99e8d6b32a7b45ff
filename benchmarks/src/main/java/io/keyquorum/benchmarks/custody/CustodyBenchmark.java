package io.keyquorum.benchmarks.custody;

import io.keyquorum.attestor.Custody;
import io.keyquorum.attestor.CustodyKey;
import io.keyquorum.attestor.Pkcs11Custody;
import io.keyquorum.attestor.Pkcs11Settings;
import io.keyquorum.attestor.SoftHsm2;
import io.keyquorum.crypto.SecretBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Sealing and opening one share-sized value (36 bytes: index and scalar) under each custody: what a
 * Release adds to open its share, and what intake adds to store one. The pkcs11 case needs
 * {@code SOFTHSM2_CONF} set to a {@code softhsm2.conf} path whose folder this benchmark may write
 * (it makes a fresh token per fork, before SoftHSM2 first loads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CustodyBenchmark {
  @Param({"software", "pkcs11"})
  public String custody;

  private final SecureRandom random = new SecureRandom();
  private final byte[] aad = new byte[64];
  private final byte[] share = new byte[36];
  private Custody sealer;
  private byte[] sealed;

  @Setup
  public void setUp() throws Exception {
    random.nextBytes(share);
    Path scratch = Files.createTempDirectory("kq-custody-bench");
    if (custody.equals("software")) {
      Path pass = Files.writeString(scratch.resolve("pass"), "bench passphrase");
      sealer = CustodyKey.open(scratch, pass, 1024, 8, 1, random);
    } else {
      String conf = System.getenv(SoftHsm2.CONF_ENV);
      if (conf == null || SoftHsm2.missing().isPresent()) {
        throw new IllegalStateException("pkcs11 needs SoftHSM2 and SOFTHSM2_CONF=<writable dir>/softhsm2.conf: "
            + SoftHsm2.missing().orElse("SOFTHSM2_CONF is not set"));
      }
      Path c = SoftHsm2.writeConfig(Path.of(conf).getParent());
      String label = "bench-" + ProcessHandle.current().pid();
      long slot = SoftHsm2.initToken(c, label, "bench-so-pin".toCharArray(), "bench-pin".toCharArray());
      Path pin = Files.writeString(scratch.resolve("pin"), "bench-pin");
      sealer = Pkcs11Custody.create(new Pkcs11Settings(SoftHsm2.MODULE, label, Optional.of(slot), Optional.empty(),
          Optional.of(pin)), random);
    }
    sealed = sealer.seal(aad, share);
  }

  @TearDown
  public void tearDown() {
    sealer.close();
  }

  @Benchmark
  public byte[] seal() {
    return sealer.seal(aad, share);
  }

  @Benchmark
  public int open() {
    try (SecretBytes s = sealer.open(aad, sealed)) {
      return s.length();
    }
  }
}
