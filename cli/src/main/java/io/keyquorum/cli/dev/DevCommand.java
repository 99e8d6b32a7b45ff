package io.keyquorum.cli.dev;

import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.network.GenesisSubmission;
import io.keyquorum.cli.network.HostPort;
import io.keyquorum.cli.network.NetworkLayout;
import io.keyquorum.attestor.AttestorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kq dev}: a whole network on this machine, each node its own process. The first run lays
 * it out with {@link NetworkLayout} (loopback, free ports), submits genesis and creates the demo
 * key; a rerun on the same directory restarts the same nodes with their state (markers in the
 * directory record what was done). Stays in the foreground; SIGINT/SIGTERM stops every node.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
    description = "Run a local network (n attestors + orchestrator as processes) until Ctrl-C; rerun resumes it.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:the network did not come up", "2:bad options (e.g. --threshold above --attestors)"})
public final class DevCommand implements Callable<Integer> {
  static final String DEMO_MARKER = "demo-key";
  /** Low custody KDF cost: a dev network's passphrases sit next to the data anyway. */
  private static final int DEV_SCRYPT_N = 1024;

  @Spec CommandSpec spec;

  @Option(names = "--dir", defaultValue = ".kq-dev", paramLabel = "DIR", description = "Network directory (default ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--attestors", defaultValue = "5", description = "Attestors on first run (default ${DEFAULT-VALUE}); fewer than 4 tolerate no faulty attestor.")
  int attestors;

  @Option(names = "--threshold", defaultValue = "3", description = "Threshold of the demo key (default ${DEFAULT-VALUE}).")
  int threshold;

  @Option(names = "--custody", defaultValue = "software", paramLabel = "KIND",
      description = "software (passphrase files, default) or pkcs11 (one SoftHSM2 token per attestor under DIR/tokens); first run only.")
  String custody;

  @Option(names = "--ready-timeout-seconds", defaultValue = "90", description = "Give up starting after this long.")
  int readyTimeoutSeconds;

  @Override
  public Integer call() throws InterruptedException, IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    dir = dir.toAbsolutePath().normalize();
    boolean fresh = !Files.exists(dir.resolve("ca"));
    if (fresh && attestors < 1) {
      err.println("kq: --attestors must be >= 1, got " + attestors);
      return ExitCodes.INVALID;
    }
    if (fresh && attestors < 4) {
      // Allowed for benchmarks (n/t = 1/1, 3/2): the registry then has f = 0 and stops on any fault.
      err.println("kq dev: warning: with " + attestors + " attestors the registry tolerates no faulty attestor"
          + " (HotStuff needs n >= 4 for f >= 1); fine for trying and benchmarking, not for keeping keys");
    }
    // The registry refuses t <= f (the f tolerated faulty attestors could take the key); say so up front.
    int minimum = (attestors - 1) / 3 + 1;
    if (fresh && (threshold < minimum || threshold > attestors)) {
      err.println("kq: --threshold must be " + minimum + ".." + attestors + " (f+1..n), got " + threshold);
      return ExitCodes.INVALID;
    }
    if (!custody.equals("software") && !custody.equals("pkcs11")) {
      err.println("kq: --custody must be software or pkcs11, got " + custody);
      return ExitCodes.INVALID;
    }
    if (fresh && custody.equals("pkcs11") && io.keyquorum.attestor.SoftHsm2.missing().isPresent()) {
      err.println("kq: --custody pkcs11 needs SoftHSM2: " + io.keyquorum.attestor.SoftHsm2.missing().get());
      return ExitCodes.INVALID;
    }
    Optional<String> running = fresh ? Optional.empty() : NodeProcesses.aliveNode(dir);
    if (running.isPresent()) {
      err.println("kq: " + running.get() + " in " + dir + " is still running; stop it (or the kq dev that owns it) first");
      return ExitCodes.INVALID;
    }
    NodeProcesses nodes = new NodeProcesses();
    AtomicReference<DevAwsEndpoint.Started> aws = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      Optional.ofNullable(aws.get()).ifPresent(a -> a.launcher().close());
      nodes.close();
      stopped.countDown();
    }, "kq-dev-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (fresh) {
        err.println("kq dev: creating a network of " + attestors + " attestors in " + dir);
        new NetworkLayout(dir, "kq-dev", freeEndpoints(attestors), freeEndpoints(1).get(0), DEV_SCRYPT_N).write();
        if (custody.equals("pkcs11")) {
          DevTokens.provision(dir, attestorIds(), err);
        }
      }
      List<String> ids = attestorIds();
      for (String id : ids) {
        nodes.start(dir.resolve(id), "attestor", dir.resolve(id + "/attestor.yaml"));
      }
      err.println("kq dev: started " + ids.size() + " attestors");
      Duration timeout = Duration.ofSeconds(readyTimeoutSeconds);
      Instant deadline = Instant.now().plus(timeout);
      for (String id : ids) {
        awaitListening(id, AttestorConfig.load(dir.resolve(id + "/attestor.yaml")).listen(), deadline);
      }
      err.println("kq dev: attestors listening");
      if (!GenesisSubmission.submitted(dir)) {
        GenesisSubmission.submit(dir, timeout);
        err.println("kq dev: genesis committed");
      }
      nodes.start(dir.resolve(NetworkLayout.ORCHESTRATOR_ID), "orchestrator",
          dir.resolve(NetworkLayout.ORCHESTRATOR_ID + "/orchestrator.yaml"));
      err.println("kq dev: started the orchestrator");
      DemoKey.ensure(dir, ids, Math.min(threshold, ids.size()), timeout, err);
      aws.set(DevAwsEndpoint.start(dir, ids, Math.min(threshold, ids.size())));
      err.println("kq dev: AWS KMS endpoint at " + DevAwsEndpoint.env(dir, "AWS_ENDPOINT_URL_KMS") + " (exports in "
          + dir.resolve(DevAwsEndpoint.ENV) + ")");
    } catch (IOException | RuntimeException e) {
      err.println("kq: dev network did not come up: " + e.getMessage() + " (node logs: " + dir + "/<node>/log)");
      err.flush();
      return ExitCodes.DENIED;
    }
    out.println("KEYQUORUM_PROFILE=" + dir.resolve("client.json"));
    aws.get().exports().forEach(out::println);
    out.println("ready");
    out.flush();
    err.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /**
   * Waits until a node accepts TCP connections, so the orchestrator's first connection attempts
   * succeed instead of putting its channels into reconnect backoff.
   */
  private static void awaitListening(String id, InetSocketAddress address, Instant deadline)
      throws IOException, InterruptedException {
    while (true) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", address.getPort()), 1000);
        return;
      } catch (IOException notYet) {
        if (Instant.now().isAfter(deadline)) {
          throw new IOException(id + " is not listening on port " + address.getPort() + ": " + notYet.getMessage(),
              notYet);
        }
        Thread.sleep(200);
      }
    }
  }

  private List<String> attestorIds() {
    List<String> ids = new ArrayList<>();
    for (int i = 1; Files.isDirectory(dir.resolve(NetworkLayout.attestorId(i))); i++) {
      ids.add(NetworkLayout.attestorId(i));
    }
    return ids;
  }

  /** Loopback endpoints whose port and port + 1000 (consensus) are both free now. */
  private static List<HostPort> freeEndpoints(int count) throws IOException {
    List<HostPort> endpoints = new ArrayList<>();
    List<ServerSocket> held = new ArrayList<>();
    try {
      while (endpoints.size() < count) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        int port = s.getLocalPort();
        if (port + NetworkLayout.CONSENSUS_PORT_OFFSET > 65535) {
          continue;
        }
        try {
          held.add(new ServerSocket(port + NetworkLayout.CONSENSUS_PORT_OFFSET, 1, InetAddress.getLoopbackAddress()));
        } catch (IOException taken) {
          continue;
        }
        endpoints.add(new HostPort("127.0.0.1", port));
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return endpoints;
  }
}
