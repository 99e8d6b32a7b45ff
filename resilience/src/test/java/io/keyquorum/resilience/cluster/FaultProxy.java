package io.keyquorum.resilience.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A TCP proxy with one listening port per directed link between two nodes. It forwards bytes
 * only: TLS runs end to end between the nodes, so the proxy never sees plaintext and a fault it
 * injects looks to both ends like a network fault. Per link it can add latency to every chunk,
 * blackhole traffic (accept and read, never forward), or cut (close live connections, refuse new
 * ones); a partition is a blackhole on every link that crosses the boundary of a node set.
 */
public final class FaultProxy implements AutoCloseable {
  /** What a link does with its traffic. */
  public enum Mode {
    FORWARD,
    /** Reads and discards: connections stay up, nothing arrives (a silent partition). */
    DROP,
    /** Closes every connection and refuses new ones (a crashed router, a firewall reject). */
    CUT
  }

  /** One directed link {@code from → to} on a named channel (gRPC or consensus). */
  public final class Link implements AutoCloseable {
    private final String from;
    private final String to;
    private final String channel;
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<ProxiedConnection> connections = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.FORWARD;
    private volatile long delayNanos;

    private Link(String from, String to, String channel, InetSocketAddress target) throws IOException {
      this.from = from;
      this.to = to;
      this.channel = channel;
      this.target = target;
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-" + this);
      acceptor.setDaemon(true);
      acceptor.start();
    }

    public String from() {
      return from;
    }

    public String to() {
      return to;
    }

    public String channel() {
      return channel;
    }

    public int port() {
      return server.getLocalPort();
    }

    public boolean touches(String node) {
      return from.equals(node) || to.equals(node);
    }

    Mode mode() {
      return mode;
    }

    long delayNanos() {
      return delayNanos;
    }

    void setDelay(Duration delay) {
      delayNanos = delay.toNanos();
    }

    void setMode(Mode next) {
      Mode previous = mode;
      mode = next;
      if (next == Mode.CUT) {
        connections.forEach(ProxiedConnection::close);
      } else if (next == Mode.FORWARD && previous == Mode.DROP) {
        // Bytes were discarded mid-stream, so the TLS sessions on these connections are broken:
        // close them and let the nodes reconnect, as they would after a real partition timed out.
        connections.stream().filter(ProxiedConnection::discarded).forEach(ProxiedConnection::close);
      }
    }

    void forget(ProxiedConnection connection) {
      connections.remove(connection);
    }

    private void acceptLoop() {
      while (!server.isClosed()) {
        Socket inbound;
        try {
          inbound = server.accept();
        } catch (IOException closed) {
          return; // the proxy is closing
        }
        if (mode == Mode.CUT) {
          closeQuietly(inbound);
          continue;
        }
        Socket outbound = new Socket();
        try {
          outbound.connect(target, 2000);
          inbound.setTcpNoDelay(true);
          outbound.setTcpNoDelay(true);
        } catch (IOException unreachable) {
          // The node behind this link is down: the caller sees the connection close, as with a refused connect.
          closeQuietly(inbound);
          closeQuietly(outbound);
          continue;
        }
        try {
          connections.add(new ProxiedConnection(this, inbound, outbound));
        } catch (IOException closedAlready) {
          // One side closed between accept and pumping: drop the pair like a failed connect.
          closeQuietly(inbound);
          closeQuietly(outbound);
        }
      }
    }

    @Override
    public void close() {
      closeQuietly(server);
      connections.forEach(ProxiedConnection::close);
    }

    @Override
    public String toString() {
      return from + "->" + to + "/" + channel;
    }
  }

  private final List<Link> links = new CopyOnWriteArrayList<>();

  /** Opens a listening port for {@code from → to}, forwarding to {@code target} on loopback. */
  public Link open(String from, String to, String channel, int targetPort) throws IOException {
    Link link = new Link(from, to, channel, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    links.add(link);
    return link;
  }

  public List<Link> links() {
    return List.copyOf(links);
  }

  /** Adds {@code delay} to every chunk on every link to or from {@code node}. */
  public void delay(String node, Duration delay) {
    apply(l -> l.touches(node), l -> l.setDelay(delay));
  }

  public void drop(Predicate<Link> which) {
    apply(which, l -> l.setMode(Mode.DROP));
  }

  public void cut(Predicate<Link> which) {
    apply(which, l -> l.setMode(Mode.CUT));
  }

  /**
   * Blackholes every link between a node of {@code group} and a node outside it, both ways; the
   * group's members still reach each other.
   */
  public void partition(Set<String> group) {
    drop(l -> group.contains(l.from()) != group.contains(l.to()));
  }

  /** Every link forwards again, without added latency. */
  public void healAll() {
    apply(l -> true, l -> {
      l.setDelay(Duration.ZERO);
      l.setMode(Mode.FORWARD);
    });
  }

  private void apply(Predicate<Link> which, java.util.function.Consumer<Link> change) {
    List<Link> chosen = new ArrayList<>();
    links.stream().filter(which).forEach(chosen::add);
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("no proxy link matches; links are " + links);
    }
    chosen.forEach(change);
  }

  @Override
  public void close() {
    links.forEach(Link::close);
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception alreadyClosed) {
      // Closing is best effort here: the socket is being thrown away either way.
      return;
    }
  }
}
