package io.keyquorum.attestor;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one attestor until the process is stopped: {@code AttestorMain CONFIG}. A shutdown hook
 * closes the node cleanly (signing the audit head); {@code kill -9} skips that and loses nothing
 * acknowledged, because every acknowledged step committed before its answer was sent.
 */
public final class AttestorMain {
  private AttestorMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: AttestorMain CONFIG");
      System.exit(2);
    }
    AttestorNode node = AttestorNode.start(AttestorConfig.load(Path.of(args[0])));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "kq-attestor-shutdown"));
    System.out.println("READY " + node.nodeId() + " port " + node.port()
        + node.statusPort().map(p -> " status " + p).orElse(""));
    System.out.flush();
    stopped.await();
  }
}
