package io.keyquorum.node;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * n registry replicas as separate JVMs ({@link RegistryNodeMain}) on loopback over mutual TLS:
 * generates the network CA, node certificates, consensus keys and configs into a directory, starts
 * and kills processes, and follows each one's {@code status} lines. Children are destroyed on
 * {@link #close} and by a shutdown hook, so none outlives the test JVM.
 */
final class ProcessCluster implements AutoCloseable {
  /** One parsed {@code status} line of a node. */
  record Status(long height, long consensus, int leader, String digest, String outcomes, long outcomesHeight,
      long rejected) {
    static Status parse(String line) {
      Map<String, String> f = new HashMap<>();
      for (String part : line.substring("status ".length()).split(" ")) {
        int eq = part.indexOf('=');
        f.put(part.substring(0, eq), part.substring(eq + 1));
      }
      return new Status(Long.parseLong(f.get("height")), Long.parseLong(f.get("consensus")),
          Integer.parseInt(f.get("leader")), f.get("digest"), f.get("outcomes"), Long.parseLong(f.get("outcomesHeight")),
          Long.parseLong(f.get("rejected")));
    }
  }

  private final Path dir;
  private final NetworkCa ca;
  private final List<ReplicaEndpoint> endpoints = new ArrayList<>();
  private final List<Path> configs = new ArrayList<>();
  private final Process[] processes;
  private final Status[] statuses;
  private final Thread hook;

  ProcessCluster(Path dir, int n, Ed25519PublicKey genesisAuthority, long viewTimeoutMillis) throws IOException {
    this.dir = dir;
    SecureRandom random = new SecureRandom();
    this.ca = NetworkCa.generate("kq-node-test", Instant.now(), random);
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "replica-" + (i + 1);
      ids.add(id);
      keys.add(Ed25519PrivateKey.generate(random));
      endpoints.add(new ReplicaEndpoint(id, "127.0.0.1", freePort(), keys.get(i).publicKey()));
    }
    for (int i = 0; i < n; i++) {
      Path home = Files.createDirectories(dir.resolve(ids.get(i)));
      new NodeTlsDirectory(home.resolve("tls")).write(ca.certificate(),
          ca.issue(NodeCertificateSpec.forNode(ids.get(i)), Instant.now()));
      IdentitySeedFile.write(home.resolve("consensus.seed"), keys.get(i));
      keys.get(i).destroy();
      NodeConfig config = new NodeConfig(ids.get(i), home.resolve("data"), "127.0.0.1", endpoints.get(i).port(),
          home.resolve("tls"), home.resolve("consensus.seed"), genesisAuthority, endpoints, viewTimeoutMillis,
          Duration.ofSeconds(30));
      Path file = home.resolve("node.properties");
      config.write(file);
      configs.add(file);
    }
    processes = new Process[n];
    statuses = new Status[n];
    hook = new Thread(this::destroyAll, "kq-cluster-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  int size() {
    return processes.length;
  }

  List<ReplicaEndpoint> endpoints() {
    return endpoints;
  }

  X509Certificate caCertificate() {
    return ca.certificate();
  }

  /** The configuration of replica {@code i}, to run it inside this JVM instead. */
  NodeConfig config(int i) throws IOException {
    return NodeConfig.read(configs.get(i));
  }

  /** Credentials for a non-voting node (a client or orchestrator), from the same network CA. */
  NodeCredentials issue(String nodeId) {
    return ca.issue(NodeCertificateSpec.forNode(nodeId), Instant.now());
  }

  /** Starts replica {@code i} (index) and waits for its {@code ready} line. */
  void start(int i) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), RegistryNodeMain.class.getName(), "--config", configs.get(i).toString());
    pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(endpoints.get(i).nodeId() + ".log").toFile()));
    Process p = pb.start();
    processes[i] = p;
    statuses[i] = null;
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.equals("ready")) {
            ready.countDown();
          } else if (line.startsWith("status ")) {
            statuses[i] = Status.parse(line);
          }
        }
        ready.countDown(); // the process ended (before or after ready): start() must not wait on
      } catch (IOException e) {
        // The process was killed: stdout is gone. Release a start() still waiting for it.
        ready.countDown();
      }
    }, "kq-cluster-stdout-" + i);
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(60, TimeUnit.SECONDS) || !p.isAlive()) {
      throw new IllegalStateException(endpoints.get(i).nodeId() + " did not print ready within 60 s; see its log in " + dir);
    }
  }

  void startAll() throws IOException, InterruptedException {
    for (int i = 0; i < processes.length; i++) {
      start(i);
    }
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  void kill(int i) throws InterruptedException {
    Process p = processes[i];
    p.destroyForcibly();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("process " + i + " survived SIGKILL");
    }
    processes[i] = null;
  }

  boolean isRunning(int i) {
    return processes[i] != null && processes[i].isAlive();
  }

  /** The latest status line of replica {@code i}, or null before its first one. */
  Status status(int i) {
    return statuses[i];
  }

  /** The log of replica {@code i} (its stderr), for failure messages. */
  String logTail(int i) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve(endpoints.get(i).nodeId() + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void destroyAll() {
    for (Process p : processes) {
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    destroyAll();
    for (Process p : processes) {
      if (p != null) {
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
    Runtime.getRuntime().removeShutdownHook(hook);
  }
}
