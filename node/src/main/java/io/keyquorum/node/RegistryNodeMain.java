package io.keyquorum.node;

import io.keyquorum.registry.RegistryState;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link RegistryNode}: {@code java -cp ... io.keyquorum.node.RegistryNodeMain --config FILE}.
 * Logs go to stderr; stdout carries one {@code ready} line once serving, then a {@code status}
 * line whenever the committed height changes:
 * {@code status height=H consensus=C leader=L digest=HEX outcomes=HEX rejected=R}.
 */
public final class RegistryNodeMain {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryNodeMain.class);

  private RegistryNodeMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals("--config")) {
      System.err.println("usage: RegistryNodeMain --config FILE");
      System.exit(2);
    }
    NodeConfig config = NodeConfig.read(Path.of(args[1]));
    RegistryNode node = new RegistryNode(config).start();
    OutcomeLedger outcomes = new OutcomeLedger(node.log(), RegistryState.empty(config.genesisAuthority()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "kq-node-shutdown"));
    LOG.info("replica {} (index {}) serving on port {}", config.nodeId(), config.index(), node.port());
    System.out.println("ready");
    System.out.flush();
    ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor();
    long[] last = {-1, -1};
    status.scheduleWithFixedDelay(() -> {
      RegistryState state = node.registry().state();
      OutcomeLedger.Snapshot decided = outcomes.snapshot();
      long h = state.height();
      long applied = decided.height();
      if (h == last[0] && applied == last[1]) {
        return;
      }
      last[0] = h;
      last[1] = applied;
      System.out.println("status height=" + h + " consensus=" + node.log().consensusHeight()
          + " leader=" + node.log().recentLeader()
          + " digest=" + HexFormat.of().formatHex(state.digest())
          + " outcomes=" + HexFormat.of().formatHex(decided.digest()) + " outcomesHeight=" + applied
          + " rejected=" + decided.rejected());
      System.out.flush();
    }, 50, 50, TimeUnit.MILLISECONDS);
    stopped.await();
  }
}
