package io.keyquorum.resilience.cluster;

import io.keyquorum.attestor.AttestorConfig;
import io.keyquorum.attestor.AttestorNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only main class: {@code SkewedAttestor CONFIG OFFSET} runs one attestor as {@code kq attestor
 * --config CONFIG} would, but on the system clock shifted by {@code OFFSET} (ISO-8601, e.g.
 * {@code PT10M}), for the clock-skew scenario. It lives in test code because no operator should be
 * able to start a node on a wrong clock; the node takes its clock through the public
 * {@link AttestorNode#start(AttestorConfig, Clock, SecureRandom, Optional)} seam.
 */
public final class SkewedAttestor {
  private static final Logger LOG = LoggerFactory.getLogger(SkewedAttestor.class);

  private SkewedAttestor() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SkewedAttestor CONFIG OFFSET");
      System.exit(2);
    }
    AttestorConfig config = AttestorConfig.load(Path.of(args[0]));
    Duration offset = Duration.parse(args[1]);
    LOG.warn("clock offset {} applied to {}: for fault testing only", offset, config.nodeId());
    AttestorNode node = AttestorNode.start(config, Clock.offset(Clock.systemUTC(), offset), new SecureRandom(),
        Optional.empty());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "kq-attestor-shutdown"));
    System.out.println("attestor " + node.nodeId() + " listening on port " + node.port() + " (clock offset "
        + offset + ")");
    System.out.flush();
    stopped.await();
  }
}
