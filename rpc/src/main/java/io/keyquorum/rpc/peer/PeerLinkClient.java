package io.keyquorum.rpc.peer;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.CertificatePins;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.v1.PeerFrame;
import io.keyquorum.rpc.v1.PeerLinkGrpc;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends opaque messages from this node to its peers over mutual TLS.
 *
 * <p>Guarantees: {@link #send} never blocks and never throws because a peer is slow or down; each
 * peer has its own bounded queue (oldest dropped when full), so one dead peer cannot exhaust
 * memory or delay the others; links reconnect by themselves. Delivery is best-effort and in order
 * per peer; callers that need reliability (consensus) retransmit or catch up with {@link #fetch}.
 * Every peer is dialled with this node's certificate and must present a certificate naming the
 * expected node id (and, where one is pinned, exactly the pinned certificate).
 */
public final class PeerLinkClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerLinkClient.class);

  private final NodeCredentials self;
  private final X509Certificate networkCa;
  private final PeerLinkOptions options;
  private final CertificatePins pins;
  private final ScheduledExecutorService scheduler;
  private final Map<String, PeerConnection> peers = new ConcurrentHashMap<>();

  public PeerLinkClient(NodeCredentials self, X509Certificate networkCa,
      Collection<PeerAddress> peerAddresses, PeerLinkOptions options) {
    this(self, networkCa, peerAddresses, options, CertificatePins.NONE);
  }

  /** As above; a peer with a pinned certificate must present exactly that one. */
  public PeerLinkClient(NodeCredentials self, X509Certificate networkCa,
      Collection<PeerAddress> peerAddresses, PeerLinkOptions options, CertificatePins pins) {
    this.pins = Objects.requireNonNull(pins, "pins");
    this.self = Objects.requireNonNull(self, "self");
    this.networkCa = Objects.requireNonNull(networkCa, "networkCa");
    this.options = Objects.requireNonNull(options, "options");
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread t = new Thread(runnable, "kq-peerlink-" + self.nodeId());
      t.setDaemon(true);
      return t;
    });
    long interval = options.reconnectCheckInterval().toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> peers.values().forEach(PeerConnection::nudgeIfWaiting),
        interval, interval, TimeUnit.MILLISECONDS);
    peerAddresses.forEach(this::addPeer);
  }

  /** Adds a peer, or replaces its address (the old link is closed, its queue dropped). */
  public void addPeer(PeerAddress address) {
    if (address.nodeId().equals(self.nodeId())) {
      throw new IllegalArgumentException("a node cannot be its own peer: " + address.nodeId());
    }
    ManagedChannel channel = NodeChannels.mutual(self, networkCa, address.nodeId(), pins, address.host(),
        address.port(), options.channel());
    PeerConnection old = peers.put(address.nodeId(),
        new PeerConnection(address.nodeId(), channel, scheduler, options.queueCapacity()));
    if (old != null) {
      old.beginClose();
    }
  }

  /** Removes a peer; messages still queued for it are dropped. */
  public void removePeer(String nodeId) {
    PeerConnection old = peers.remove(nodeId);
    if (old != null) {
      old.beginClose();
    }
  }

  /**
   * Queues {@code payload} for {@code toNodeId} and returns at once. The array is not copied:
   * do not modify it after the call.
   *
   * @throws IllegalArgumentException only if {@code toNodeId} is not a configured peer
   */
  public void send(String toNodeId, byte[] payload) {
    PeerConnection peer = peer(toNodeId);
    if (payload.length > options.maxMessageBytes()) {
      LOG.warn("dropping a {}-byte message to {}: over the {}-byte limit",
          payload.length, toNodeId, options.maxMessageBytes());
      peer.countDropped();
      return;
    }
    peer.enqueue(payload);
  }

  /**
   * Asks {@code toNodeId} for catch-up data. Fails fast (with {@link PeerFetchException}) if the
   * peer is unreachable, so the caller can ask another peer.
   *
   * @throws IllegalArgumentException if {@code toNodeId} is not a configured peer or the timeout
   *     is not positive
   */
  public CompletableFuture<byte[]> fetch(String toNodeId, byte[] request, Duration timeout) {
    PeerConnection peer = peer(toNodeId);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("fetch timeout must be positive, got " + timeout);
    }
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    if (request.length > options.maxMessageBytes()) {
      result.completeExceptionally(new PeerFetchException(toNodeId, "RESOURCE_EXHAUSTED",
          "request of " + request.length + " bytes is over the " + options.maxMessageBytes()
              + "-byte limit"));
      return result;
    }
    PeerLinkGrpc.newStub(peer.channel())
        .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .fetch(PeerFrame.newBuilder().setPayload(ByteString.copyFrom(request)).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(PeerFrame frame) {
                result.complete(frame.getPayload().toByteArray());
              }

              @Override
              public void onError(Throwable t) {
                Status status = Status.fromThrowable(t);
                result.completeExceptionally(new PeerFetchException(
                    toNodeId, status.getCode().name(), status.getDescription()));
              }

              @Override
              public void onCompleted() {
                if (!result.isDone()) {
                  result.completeExceptionally(
                      new PeerFetchException(toNodeId, "INTERNAL", "no response frame"));
                }
              }
            });
    return result;
  }

  /** Counters for the link to {@code toNodeId}. */
  public PeerLinkStats stats(String toNodeId) {
    return peer(toNodeId).stats();
  }

  /** Closes every link; unsent messages are dropped. Waits at most about a second. */
  @Override
  public void close() {
    List<PeerConnection> all = new ArrayList<>(peers.values());
    peers.clear();
    all.forEach(PeerConnection::beginClose);
    scheduler.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    for (PeerConnection peer : all) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!peer.channel().awaitTermination(left, TimeUnit.NANOSECONDS)) {
          peer.channel().shutdownNow();
        }
      } catch (InterruptedException e) {
        peer.channel().shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  private PeerConnection peer(String nodeId) {
    PeerConnection peer = peers.get(nodeId);
    if (peer == null) {
      throw new IllegalArgumentException("unknown peer '" + nodeId + "'");
    }
    return peer;
  }
}
