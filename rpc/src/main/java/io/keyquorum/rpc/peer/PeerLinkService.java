package io.keyquorum.rpc.peer;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.keyquorum.rpc.tls.PeerIdentity;
import io.keyquorum.rpc.v1.PeerAck;
import io.keyquorum.rpc.v1.PeerFrame;
import io.keyquorum.rpc.v1.PeerLinkGrpc;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of node-to-node messaging.
 *
 * <p>Guarantee: a handler only ever sees messages from a caller whose certificate-proven
 * {@link PeerIdentity} is accepted by {@code allowedPeers}. Calls with no identity (the service
 * registered on a server-only port by mistake) end with UNAUTHENTICATED; callers refused by the
 * predicate end with PERMISSION_DENIED.
 */
public final class PeerLinkService extends PeerLinkGrpc.PeerLinkImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(PeerLinkService.class);

  private final PeerMessageHandler messages;
  private final PeerFetchHandler fetches;
  private final Predicate<PeerIdentity> allowedPeers;

  /** Accepts any node the network CA certified (e.g. attestors and orchestrators). */
  public PeerLinkService(PeerMessageHandler messages, PeerFetchHandler fetches) {
    this(messages, fetches, peer -> true);
  }

  /**
   * @param allowedPeers which authenticated peers may push and fetch, e.g. the current attestor
   *     set, or the certificate fingerprints pinned in genesis (a node removed from the registry
   *     still holds a CA-valid certificate, so this check is what revokes it). Consulted on every
   *     call, so it may follow membership changes.
   */
  public PeerLinkService(PeerMessageHandler messages, PeerFetchHandler fetches,
      Predicate<PeerIdentity> allowedPeers) {
    this.messages = Objects.requireNonNull(messages, "messages");
    this.fetches = Objects.requireNonNull(fetches, "fetches");
    this.allowedPeers = Objects.requireNonNull(allowedPeers, "allowedPeers");
  }

  @Override
  public StreamObserver<PeerFrame> push(StreamObserver<PeerAck> ack) {
    // Read once per stream: the identity is fixed by the TLS session the stream rides on.
    Optional<String> caller = authorizedCaller(ack);
    if (caller.isEmpty()) {
      return new DiscardingObserver();
    }
    String from = caller.get();
    return new StreamObserver<>() {
      private long received;

      @Override
      public void onNext(PeerFrame frame) {
        received++;
        try {
          messages.onMessage(from, frame.getPayload().toByteArray());
        } catch (RuntimeException e) {
          // One bad message must not tear down the link for the messages behind it.
          LOG.warn("peer message handler failed on a message from {}", from, e);
        }
      }

      @Override
      public void onError(Throwable t) {
        LOG.debug("push stream from {} ended: {}", from, Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        ack.onNext(PeerAck.newBuilder().setFramesReceived(received).build());
        ack.onCompleted();
      }
    };
  }

  @Override
  public void fetch(PeerFrame request, StreamObserver<PeerFrame> response) {
    Optional<String> caller = authorizedCaller(response);
    if (caller.isEmpty()) {
      return;
    }
    String from = caller.get();
    byte[] answer;
    try {
      answer = fetches.fetch(from, request.getPayload().toByteArray());
    } catch (IllegalArgumentException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      LOG.warn("fetch handler failed on a request from {}", from, e);
      response.onError(Status.INTERNAL.withDescription("fetch failed").asRuntimeException());
      return;
    }
    if (answer == null) {
      LOG.warn("fetch handler returned null for a request from {}", from);
      response.onError(Status.INTERNAL.withDescription("fetch failed").asRuntimeException());
      return;
    }
    response.onNext(PeerFrame.newBuilder().setPayload(ByteString.copyFrom(answer)).build());
    response.onCompleted();
  }

  /** The caller's node id if it may use this service; otherwise the call is already failed. */
  private Optional<String> authorizedCaller(StreamObserver<?> call) {
    Optional<PeerIdentity> identity = PeerIdentity.currentIfPresent();
    if (identity.isEmpty()) {
      call.onError(Status.UNAUTHENTICATED
          .withDescription("peer link requires a mutual-TLS port").asRuntimeException());
      return Optional.empty();
    }
    String nodeId = identity.get().nodeId();
    if (!allowedPeers.test(identity.get())) {
      LOG.warn("refusing peer link call from {}: not an allowed peer", nodeId);
      call.onError(Status.PERMISSION_DENIED
          .withDescription("node " + nodeId + " is not an allowed peer").asRuntimeException());
      return Optional.empty();
    }
    return Optional.of(nodeId);
  }

  /** Swallows frames of a call that has already been failed. */
  private static final class DiscardingObserver implements StreamObserver<PeerFrame> {
    @Override
    public void onNext(PeerFrame frame) {
      // The call was closed with an error before any frame could be delivered.
    }

    @Override
    public void onError(Throwable t) {
      // Nothing to release: the call was already failed by authorizedCaller.
    }

    @Override
    public void onCompleted() {
      // Nothing to acknowledge: the call was already failed by authorizedCaller.
    }
  }
}
