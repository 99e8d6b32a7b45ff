package io.keyquorum.rpc.peer;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.keyquorum.rpc.tls.PeerIdentity;
import io.keyquorum.rpc.v1.PeerAck;
import io.keyquorum.rpc.v1.PeerFrame;
import io.keyquorum.rpc.v1.PeerLinkGrpc;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of node-to-node messaging. Register it only on a mutual-TLS {@code NodeServer}:
 * the sender of every message is the certificate-proven {@link PeerIdentity} of the stream.
 */
public final class PeerLinkService extends PeerLinkGrpc.PeerLinkImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(PeerLinkService.class);

  private final PeerMessageHandler messages;
  private final PeerFetchHandler fetches;

  public PeerLinkService(PeerMessageHandler messages, PeerFetchHandler fetches) {
    this.messages = Objects.requireNonNull(messages, "messages");
    this.fetches = Objects.requireNonNull(fetches, "fetches");
  }

  @Override
  public StreamObserver<PeerFrame> push(StreamObserver<PeerAck> ack) {
    // Read once per stream: the identity is fixed by the TLS session the stream rides on.
    String from = PeerIdentity.current().nodeId();
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
    String from = PeerIdentity.current().nodeId();
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
}
