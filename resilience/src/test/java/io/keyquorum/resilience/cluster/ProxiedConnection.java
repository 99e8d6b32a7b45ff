package io.keyquorum.resilience.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One accepted connection of a {@link FaultProxy.Link}, pumped both ways. Each direction has a
 * reader, which stamps every chunk with the time it is due (now + the link's delay), and a writer
 * that forwards chunks in order once due. Latency is thus added per chunk without serialising the
 * delays: a stream of chunks arrives {@code delay} late, not {@code n × delay} late.
 */
final class ProxiedConnection {
  private static final byte[] END = new byte[0];

  private record Chunk(long dueNanos, byte[] bytes) {}

  private final FaultProxy.Link link;
  private final Socket inbound;
  private final Socket outbound;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean discarded;

  ProxiedConnection(FaultProxy.Link link, Socket inbound, Socket outbound) throws IOException {
    this.link = link;
    this.inbound = inbound;
    this.outbound = outbound;
    pump(inbound.getInputStream(), outbound.getOutputStream(), "up");
    pump(outbound.getInputStream(), inbound.getOutputStream(), "down");
  }

  /** Whether this connection ever discarded bytes (its TLS stream is then beyond repair). */
  boolean discarded() {
    return discarded;
  }

  private void pump(InputStream in, OutputStream out, String direction) {
    LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          if (link.mode() == FaultProxy.Mode.DROP) {
            discarded = true;
          } else {
            queue.add(new Chunk(System.nanoTime() + link.delayNanos(), Arrays.copyOf(buffer, n)));
          }
        }
        queue.add(new Chunk(0, END)); // EOF: forward what is queued, then close
      } catch (IOException closedUnderneath) {
        // The other direction or a CUT closed the socket: nothing more can be forwarded either way.
        close();
        queue.add(new Chunk(0, END));
      }
    }, "fault-proxy-" + link + "-" + direction + "-read");
    Thread writer = new Thread(() -> {
      try {
        while (true) {
          Chunk chunk = queue.take();
          if (chunk.bytes() == END) {
            break;
          }
          for (long wait = chunk.dueNanos() - System.nanoTime(); wait > 0; wait = chunk.dueNanos() - System.nanoTime()) {
            LockSupport.parkNanos(wait);
          }
          out.write(chunk.bytes());
          out.flush();
        }
        close();
      } catch (IOException peerGone) {
        // Either end went away: tear the whole connection down so the other end notices too.
        close();
      } catch (InterruptedException stopping) {
        Thread.currentThread().interrupt();
        close();
      }
    }, "fault-proxy-" + link + "-" + direction + "-write");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  /** Closes both sockets; both pumps then end. */
  void close() {
    if (closed.compareAndSet(false, true)) {
      FaultProxy.closeQuietly(inbound);
      FaultProxy.closeQuietly(outbound);
      link.forget(this);
    }
  }
}
