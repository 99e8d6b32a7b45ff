package io.keyquorum.rpc.peer;

import com.google.protobuf.ByteString;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.keyquorum.rpc.v1.PeerAck;
import io.keyquorum.rpc.v1.PeerFrame;
import io.keyquorum.rpc.v1.PeerLinkGrpc;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound half of one link: a bounded queue drained into one long-lived Push stream.
 *
 * <p>Invariants: the queue never holds more than {@code capacity} messages (the oldest is dropped
 * first, since for consensus traffic a newer view or vote supersedes an older one); messages leave
 * the queue in FIFO order and only while the stream is ready, so gRPC's own buffer stays small;
 * nothing here blocks the caller or throws to it. The stream waits for the channel to be ready,
 * and a broken stream is reopened with exponential backoff (100 ms doubling to 5 s).
 */
final class PeerConnection {
  private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);
  private static final long BASE_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;
  // A stream that stayed up this long counts as a success; one that dies sooner (e.g. the peer
  // refuses us with PERMISSION_DENIED right after connecting) keeps growing the backoff, so a
  // refusing peer is retried every few seconds rather than hammered.
  private static final long HEALTHY_STREAM_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String peerNodeId;
  private final ManagedChannel channel;
  private final PeerLinkGrpc.PeerLinkStub stub;
  private final ScheduledExecutorService scheduler;
  private final int capacity;

  // All fields below are guarded by "this".
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private StreamWatcher stream;
  private boolean restartScheduled;
  private boolean closed;
  private int consecutiveFailures;
  private long sent;
  private long dropped;

  PeerConnection(String peerNodeId, ManagedChannel channel, ScheduledExecutorService scheduler,
      int capacity) {
    this.peerNodeId = peerNodeId;
    this.channel = channel;
    this.stub = PeerLinkGrpc.newStub(channel);
    this.scheduler = scheduler;
    this.capacity = capacity;
  }

  ManagedChannel channel() {
    return channel;
  }

  synchronized void enqueue(byte[] payload) {
    if (closed) {
      dropped++;
      return;
    }
    if (queue.size() == capacity) {
      queue.pollFirst();
      dropped++;
    }
    queue.addLast(payload);
    if (stream == null && !restartScheduled) {
      openStream();
    }
    drain();
  }

  synchronized void countDropped() {
    dropped++;
  }

  synchronized PeerLinkStats stats() {
    return new PeerLinkStats(peerNodeId, queue.size(), sent, dropped);
  }

  /** While messages wait on a failed channel, skip the rest of its reconnect backoff. */
  void nudgeIfWaiting() {
    boolean waiting;
    synchronized (this) {
      waiting = !closed && !queue.isEmpty();
    }
    if (waiting && channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
  }

  /**
   * Half-closes a live stream (flushing what the transport holds) or cancels one still waiting for
   * the peer, then begins channel shutdown.
   */
  synchronized void beginClose() {
    closed = true;
    dropped += queue.size();
    queue.clear();
    if (stream != null && stream.requests != null) {
      try {
        if (stream.requests.isReady()) {
          stream.requests.onCompleted();
        } else {
          stream.requests.cancel("peer link closed", null);
        }
      } catch (IllegalStateException e) {
        LOG.debug("stream to {} already ended at close", peerNodeId, e);
      }
    }
    stream = null;
    channel.shutdown();
  }

  private void openStream() {
    StreamWatcher watcher = new StreamWatcher();
    stream = watcher;
    // waitForReady: while the peer is down the call waits for the channel instead of failing, so
    // a dead peer costs no retry loop; messages simply stay in the bounded queue.
    stub.withWaitForReady().push(watcher);
  }

  private void drain() {
    while (stream != null && stream.requests != null && !queue.isEmpty()
        && stream.requests.isReady()) {
      byte[] payload = queue.pollFirst();
      try {
        stream.requests.onNext(PeerFrame.newBuilder().setPayload(ByteString.copyFrom(payload)).build());
        sent++;
      } catch (IllegalStateException e) {
        // The call ended under us; the message is lost (best-effort) and the stream reopened.
        dropped++;
        streamEnded(stream, Status.fromThrowable(e));
        return;
      }
    }
  }

  private synchronized void onReady(StreamWatcher watcher) {
    if (watcher != stream || closed) {
      return;
    }
    if (watcher.readySinceNanos == 0) {
      watcher.readySinceNanos = System.nanoTime();
      LOG.debug("link to {} is ready", peerNodeId);
    }
    drain();
  }

  private synchronized void streamEnded(StreamWatcher watcher, Status status) {
    if (watcher != stream || closed) {
      return;
    }
    stream = null;
    if (watcher.readySinceNanos != 0
        && System.nanoTime() - watcher.readySinceNanos >= HEALTHY_STREAM_NANOS) {
      consecutiveFailures = 0;
    }
    consecutiveFailures++;
    if (consecutiveFailures == 1) {
      LOG.warn("link to {} broke: {}; reopening", peerNodeId, status);
    } else {
      LOG.debug("link to {} broke again ({} times): {}", peerNodeId, consecutiveFailures, status);
    }
    long delay = Math.min(MAX_BACKOFF_MS,
        BASE_BACKOFF_MS << Math.min(consecutiveFailures - 1, 16));
    restartScheduled = true;
    try {
      scheduler.schedule(this::restart, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Only when the owning client is closing; nothing left to reconnect for.
      LOG.debug("not reopening link to {}: client is closing", peerNodeId, e);
    }
  }

  private synchronized void restart() {
    restartScheduled = false;
    if (!closed && stream == null) {
      openStream();
      drain();
    }
  }

  /** Observes one Push call; stale watchers (of a replaced stream) are ignored. */
  private final class StreamWatcher implements ClientResponseObserver<PeerFrame, PeerAck> {
    private ClientCallStreamObserver<PeerFrame> requests;
    private long readySinceNanos; // guarded by PeerConnection.this

    @Override
    public void beforeStart(ClientCallStreamObserver<PeerFrame> requestStream) {
      // Runs inside push(), while openStream holds the lock, so "requests" is set before any
      // callback can look at it.
      this.requests = requestStream;
      requestStream.setOnReadyHandler(() -> onReady(this));
    }

    @Override
    public void onNext(PeerAck ack) {
      LOG.debug("peer {} acknowledged {} frames", peerNodeId, ack.getFramesReceived());
    }

    @Override
    public void onError(Throwable t) {
      streamEnded(this, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      streamEnded(this, Status.OK.withDescription("peer closed the stream"));
    }
  }
}
