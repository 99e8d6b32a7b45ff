package io.keyquorum.resilience.cluster;

import static org.awaitility.Awaitility.await;

import io.keyquorum.cli.network.GenesisSubmission;
import io.keyquorum.cli.network.HostPort;
import io.keyquorum.cli.network.NetworkLayout;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network laid out by {@link NetworkLayout} (the same files {@code kq dev} writes) whose every
 * node-to-node link runs through a {@link FaultProxy}: orchestrator → attestor gRPC (genesis names
 * the proxy port as each attestor's endpoint), orchestrator → attestor consensus (its registry
 * learner) and attestor → attestor consensus, one proxy port per direction. Each node listens on its
 * own real port; the configs are rewritten so every peer address is a proxy port. Clients reach the
 * orchestrator directly.
 */
public final class ProxiedNetwork implements AutoCloseable {
  public static final String ORCHESTRATOR = NetworkLayout.ORCHESTRATOR_ID;
  private static final Pattern REPLICA = Pattern.compile("\\{id: (attestor-\\d+), endpoint: \"[^\"]+\"");

  private final Path dir;
  private final FaultProxy proxy;
  private final List<String> attestors;
  private final Map<String, Integer> grpcPorts;
  private final Map<String, Integer> consensusPorts;
  private final int clientPort;
  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  /** Kills the node JVMs if the test JVM exits without {@link #close}, so none outlives it. */
  private final Thread reaper = new Thread(this::killAll, "resilience-network-reaper");

  private ProxiedNetwork(Path dir, FaultProxy proxy, List<String> attestors, Map<String, Integer> grpcPorts,
      Map<String, Integer> consensusPorts, int clientPort) {
    this.dir = dir;
    this.proxy = proxy;
    this.attestors = List.copyOf(attestors);
    this.grpcPorts = Map.copyOf(grpcPorts);
    this.consensusPorts = Map.copyOf(consensusPorts);
    this.clientPort = clientPort;
    for (String id : attestors) {
      nodes.put(id, new NodeProcess(id, "attestor", dir.resolve(id + "/attestor.yaml")));
    }
    nodes.put(ORCHESTRATOR, new NodeProcess(ORCHESTRATOR, "orchestrator", dir.resolve(ORCHESTRATOR + "/orchestrator.yaml")));
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** Writes a network of {@code n} attestors into {@code dir}, with its proxy links open; starts nothing. */
  public static ProxiedNetwork layOut(Path dir, int n) throws IOException {
    // Hold the nodes' real ports while the proxy binds its own, so no proxy link takes one of them.
    List<ServerSocket> held = new ArrayList<>();
    for (int i = 0; i < 2 * n + 1; i++) {
      held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    }
    List<Integer> free = held.stream().map(ServerSocket::getLocalPort).toList();
    List<String> ids = new ArrayList<>();
    Map<String, Integer> grpc = new LinkedHashMap<>();
    Map<String, Integer> consensus = new LinkedHashMap<>();
    for (int i = 1; i <= n; i++) {
      String id = NetworkLayout.attestorId(i);
      ids.add(id);
      grpc.put(id, free.get(2 * (i - 1)));
      consensus.put(id, free.get(2 * (i - 1) + 1));
    }
    FaultProxy proxy = new FaultProxy();
    Map<String, Integer> orchestratorGrpcLinks = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> consensusLinks = new LinkedHashMap<>();
    for (String from : concat(ids, ORCHESTRATOR)) {
      Map<String, Integer> row = new LinkedHashMap<>();
      for (String to : ids) {
        row.put(to, to.equals(from) ? consensus.get(to) : proxy.open(from, to, "consensus", consensus.get(to)).port());
      }
      consensusLinks.put(from, row);
    }
    List<HostPort> endpoints = new ArrayList<>();
    for (String id : ids) {
      int port = proxy.open(ORCHESTRATOR, id, "grpc", grpc.get(id)).port();
      orchestratorGrpcLinks.put(id, port);
      endpoints.add(new HostPort("127.0.0.1", port));
    }
    int clientPort = free.get(2 * n);
    for (ServerSocket s : held) {
      s.close();
    }
    new NetworkLayout(dir, "kq-resilience", endpoints, new HostPort("127.0.0.1", clientPort), 1024).write();
    for (String id : ids) {
      rewrite(dir.resolve(id + "/attestor.yaml"), grpc.get(id), consensus.get(id), consensusLinks.get(id));
    }
    Path orchestratorYaml = dir.resolve(ORCHESTRATOR + "/orchestrator.yaml");
    rewrite(orchestratorYaml, null, null, consensusLinks.get(ORCHESTRATOR));
    // An admin write submitted while the registry has no quorum, or a key creation while one of its
    // attestors is down, fails after 10 s instead of the default 30 s, so the admin load's next write
    // (the one that shows recovery) is not stuck behind it.
    Files.writeString(orchestratorYaml, Files.readString(orchestratorYaml).replace("registry:\n",
        "dealTimeout: 10s\nregistry:\n  submitTimeout: 10s\n"));
    return new ProxiedNetwork(dir, proxy, ids, grpc, consensus, clientPort);
  }

  /**
   * Points a node's config at the proxy: its own listen addresses become its real ports and each
   * replica endpoint becomes the proxy port of the link from this node to that replica.
   */
  private static void rewrite(Path file, Integer grpcPort, Integer consensusPort, Map<String, Integer> replicaPorts)
      throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (grpcPort != null && line.startsWith("listen: ")) {
        line = "listen: \"127.0.0.1:" + grpcPort + "\"";
      } else if (consensusPort != null && line.startsWith("  listen: ")) {
        line = "  listen: \"127.0.0.1:" + consensusPort + "\"";
      } else {
        Matcher m = REPLICA.matcher(line);
        if (m.find()) {
          line = m.replaceFirst("{id: $1, endpoint: \"127.0.0.1:" + replicaPorts.get(m.group(1)) + "\"");
        }
      }
      out.add(line);
    }
    Files.write(file, out);
  }

  public Path directory() {
    return dir;
  }

  public FaultProxy proxy() {
    return proxy;
  }

  public List<String> attestors() {
    return attestors;
  }

  public NodeProcess node(String id) {
    NodeProcess node = nodes.get(id);
    if (node == null) {
      throw new IllegalArgumentException("no node " + id + " in " + nodes.keySet());
    }
    return node;
  }

  public int clientPort() {
    return clientPort;
  }

  /** Where the attestor's HotStuff replica really listens (not through the proxy). */
  public int consensusPort(String attestor) {
    return consensusPorts.get(attestor);
  }

  public Path profile() {
    return dir.resolve("client.json");
  }

  /**
   * Starts every attestor, waits until each listens, submits genesis (through the proxy, as the
   * orchestrator's learner would), then starts the orchestrator.
   */
  public void start(Duration timeout) throws IOException, InterruptedException {
    for (String id : attestors) {
      node(id).start();
    }
    for (String id : attestors) {
      awaitListening(id, grpcPorts.get(id), timeout);
    }
    GenesisSubmission.submit(dir, timeout);
    node(ORCHESTRATOR).start();
    awaitListening(ORCHESTRATOR, clientPort, timeout);
  }

  /** Waits until the node accepts TCP connections on its real port (or its process died). */
  public void awaitListening(String id, Duration timeout) {
    awaitListening(id, id.equals(ORCHESTRATOR) ? clientPort : grpcPorts.get(id), timeout);
  }

  private void awaitListening(String id, int port, Duration timeout) {
    await("%s listening on port %d".formatted(id, port)).atMost(timeout).pollInterval(Duration.ofMillis(100))
        .failFast(id + " exited before listening; see " + node(id).directory().resolve("log"),
            () -> !node(id).isAlive())
        .until(() -> accepts(port));
  }

  private static boolean accepts(int port) {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Kills every node (SIGKILL: a test's cleanup need not wait for clean shutdowns) and closes the proxy. */
  @Override
  public void close() throws InterruptedException {
    for (NodeProcess node : nodes.values()) {
      node.kill(); // waits, so the test's temporary directory is not deleted under a live node
    }
    proxy.close();
    Runtime.getRuntime().removeShutdownHook(reaper);
  }

  private void killAll() {
    nodes.values().forEach(NodeProcess::destroyNow);
  }

  private static List<String> concat(List<String> ids, String extra) {
    List<String> all = new ArrayList<>(ids);
    all.add(extra);
    return all;
  }
}
