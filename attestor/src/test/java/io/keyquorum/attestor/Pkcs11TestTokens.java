package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Fresh SoftHSM2 tokens for this test JVM, all under the {@code SOFTHSM2_CONF} that surefire sets
 * (SoftHSM2 reads it once per process). A machine without SoftHSM2 FAILS these tests, naming what
 * to install: skipping would let HSM custody go untested without anyone noticing.
 */
final class Pkcs11TestTokens {
  /** Tokens this JVM may use: SoftHSM2 lists tokens once, when the first provider initialises it. */
  private static final int POOL = 16;
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final java.util.Deque<Token> pool = new java.util.ArrayDeque<>();
  private static Path conf;

  private Pkcs11TestTokens() {}

  /** A token and where it lives on disk (to remove it from under a running custody). */
  record Token(String label, long slot, Path dir, Path pinFile) {
    Pkcs11Settings settings() {
      return new Pkcs11Settings(SoftHsm2.MODULE, label, Optional.of(slot), Optional.empty(), Optional.of(pinFile));
    }
  }

  /** An unused token with no custody key yet (from a pool made before SoftHSM2 first loads). */
  static synchronized Token create(Path unused) throws IOException {
    if (pool.isEmpty()) {
      if (NEXT.get() > 0) {
        fail("the SoftHSM2 token pool (" + POOL + ") is used up; raise Pkcs11TestTokens.POOL");
      }
      Path pins = conf().getParent().resolve("pins");
      for (int i = 0; i < POOL; i++) {
        pool.add(make(pins));
      }
    }
    return pool.pop();
  }

  private static Token make(Path pinDir) throws IOException {
    SoftHsm2.missing().ifPresent(m -> fail("PKCS#11 custody tests need SoftHSM2: " + m));
    Path c = conf();
    Path store = c.getParent().resolve("store");
    Set<Path> before = listing(store);
    String label = "kq-test-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet();
    char[] pin = "test-pin-1234".toCharArray();
    long slot = SoftHsm2.initToken(c, label, "test-so-pin-5678".toCharArray(), pin);
    Set<Path> after = listing(store);
    after.removeAll(before);
    Files.createDirectories(pinDir);
    Path pinFile = pinDir.resolve(label + ".pin");
    Files.writeString(pinFile, new String(pin) + "\n");
    return new Token(label, slot, after.iterator().next(), pinFile);
  }

  private static Path conf() throws IOException {
    if (conf == null) {
      String env = System.getenv(SoftHsm2.CONF_ENV);
      if (env == null) {
        fail("SOFTHSM2_CONF is not set: run these tests through Maven (attestor/pom.xml sets it)");
      }
      conf = SoftHsm2.writeConfig(Path.of(env).getParent());
      if (!conf.equals(Path.of(env))) {
        fail("SOFTHSM2_CONF must name a file called softhsm2.conf, got " + env);
      }
    }
    return conf;
  }

  private static Set<Path> listing(Path store) throws IOException {
    try (Stream<Path> s = Files.list(store)) {
      return new HashSet<>(s.toList());
    }
  }
}
