package io.keyquorum.orchestrator.grpc;

import com.google.protobuf.ByteString;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.node.RegistryCertificatePins;
import io.keyquorum.orchestrator.RegistryView;
import io.keyquorum.orchestrator.flow.AttestorRefusedException;
import io.keyquorum.orchestrator.flow.AttestorTransport;
import io.keyquorum.orchestrator.flow.OversizedAnswerException;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.CertificatePins;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.AttestResponse;
import io.keyquorum.rpc.v1.AttestorGrpc;
import io.keyquorum.rpc.v1.HealthRequest;
import io.keyquorum.rpc.v1.HealthResponse;
import io.keyquorum.rpc.v1.NodeHealthGrpc;
import io.keyquorum.rpc.v1.ReleaseRequest;
import io.keyquorum.rpc.v1.ReleaseResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@link AttestorTransport} over attestor.proto and mutual TLS: one channel per attestor, dialled
 * at the endpoint genesis records, accepting only the certificate genesis pins for that attestor
 * (issued by the network CA, naming it, with its registered fingerprint). Every call carries a gRPC deadline as well as the flow's own.
 */
public final class GrpcAttestorTransport implements AttestorTransport {
  /**
   * The codes an attestor answers with when it refuses a request it read (docs/ATTESTOR.md,
   * "Refusals on the wire"). UNAVAILABLE is left out: gRPC also uses it for a failed connection or
   * handshake, and the attestor for "not ready", both of which mean it cannot serve right now.
   */
  private static final Set<Status.Code> REFUSALS = EnumSet.of(Status.Code.INVALID_ARGUMENT,
      Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED, Status.Code.FAILED_PRECONDITION,
      Status.Code.NOT_FOUND);

  private final NodeCredentials self;
  private final X509Certificate networkCa;
  private final RegistryView registry;
  private final Duration callDeadline;
  /** The attestor at a genesis endpoint must present the certificate genesis pins for it. */
  private final CertificatePins pins;
  private static final long RECONNECT_PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final Map<String, Long> lastReconnectProbe = new ConcurrentHashMap<>();

  public GrpcAttestorTransport(NodeCredentials self, X509Certificate networkCa, RegistryView registry,
      Duration callDeadline) {
    this.self = self;
    this.networkCa = networkCa;
    this.registry = registry;
    this.callDeadline = callDeadline;
    this.pins = new RegistryCertificatePins(() -> Optional.of(registry.state()));
  }

  @Override
  public CompletableFuture<SignedAttestation> attest(String attestorId, SignedKeyRequest request, long minRegistryHeight) {
    CompletableFuture<AttestResponse> f = new CompletableFuture<>();
    stub(attestorId).attest(AttestRequest.newBuilder()
            .setSignedRequest(ByteString.copyFrom(request.encode()))
            .setMinRegistryHeight(minRegistryHeight)
            .build(),
        observer(f));
    return f.thenApply(r -> SignedAttestation.decode(r.getSignedAttestation().toByteArray()));
  }

  @Override
  public CompletableFuture<SignedEnvelope> release(String attestorId, SignedKeyRequest request, QuorumCertificate qc) {
    CompletableFuture<ReleaseResponse> f = new CompletableFuture<>();
    stub(attestorId).release(ReleaseRequest.newBuilder()
        .setSignedRequest(ByteString.copyFrom(request.encode()))
        .setQuorumCertificate(ByteString.copyFrom(qc.encode()))
        .build(), observer(f));
    return f.thenApply(r -> SignedEnvelope.of(r.getReleasePayload().toByteArray(), r.getReleaseSignature().toByteArray()));
  }

  @Override
  public CompletableFuture<Long> registryHeight(String attestorId) {
    return health(attestorId).thenApply(Health::registryHeight);
  }

  @Override
  public CompletableFuture<Health> health(String attestorId) {
    CompletableFuture<HealthResponse> f = new CompletableFuture<>();
    NodeHealthGrpc.newStub(channels.computeIfAbsent(attestorId, connect()))
        .withDeadlineAfter(callDeadline.toMillis(), TimeUnit.MILLISECONDS)
        .check(HealthRequest.getDefaultInstance(), observer(f));
    return f.thenApply(r -> new Health(r.getRegistryHeight(), r.getProblemsList()));
  }

  /**
   * False while the channel is in TRANSIENT_FAILURE, so a round does not wait on a dead attestor.
   * gRPC's reconnect backoff grows to two minutes, which would keep a restarted attestor out of
   * rounds long after it listens again; so a failed channel is told to retry now, at most once per
   * {@link #RECONNECT_PROBE_INTERVAL_NANOS}, and the next round after it reconnects uses it.
   */
  @Override
  public boolean reachable(String attestorId) {
    ManagedChannel c = channels.get(attestorId);
    if (c == null || c.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
      return true;
    }
    long now = System.nanoTime();
    Long last = lastReconnectProbe.get(attestorId);
    if ((last == null || now - last >= RECONNECT_PROBE_INTERVAL_NANOS)
        && (last == null ? lastReconnectProbe.putIfAbsent(attestorId, now) == null
            : lastReconnectProbe.replace(attestorId, last, now))) {
      c.resetConnectBackoff();
    }
    return false;
  }

  private AttestorGrpc.AttestorStub stub(String attestorId) {
    ManagedChannel channel = channels.computeIfAbsent(attestorId, connect());
    return AttestorGrpc.newStub(channel).withDeadlineAfter(callDeadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private Function<String, ManagedChannel> connect() {
    return id -> {
      AttestorInfo info = registry.state().governance().flatMap(g -> g.attestor(id))
          .orElseThrow(() -> new IllegalArgumentException(id + " is not a genesis attestor"));
      String endpoint = info.endpoint();
      int colon = endpoint.lastIndexOf(':');
      return NodeChannels.mutual(self, networkCa, id, pins, endpoint.substring(0, colon),
          Integer.parseInt(endpoint.substring(colon + 1)), ChannelOptions.defaults());
    };
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<T> f) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        f.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        // The flow reports deadlines itself; a gRPC deadline is the same event, seen first.
        Status status = Status.fromThrowable(t);
        String described = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
          f.completeExceptionally(new TimeoutException("deadline exceeded"));
        } else if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
          // What gRPC reports when an answer exceeds maxInboundMessageBytes: it was never read.
          f.completeExceptionally(
              new OversizedAnswerException("answer exceeds the message-size limit (" + described + ")"));
        } else if (REFUSALS.contains(status.getCode())) {
          f.completeExceptionally(new AttestorRefusedException(described));
        } else {
          f.completeExceptionally(new IllegalStateException(described));
        }
      }

      @Override
      public void onCompleted() {
        if (!f.isDone()) {
          f.completeExceptionally(new IllegalStateException("attestor closed the call without an answer"));
        }
      }
    };
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
