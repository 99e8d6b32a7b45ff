package io.keyquorum.orchestrator.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.orchestrator.RegistryView;
import io.keyquorum.orchestrator.admin.AdminOperation;
import io.keyquorum.orchestrator.admin.AdminRelay;
import io.keyquorum.orchestrator.deal.KeyDealer;
import io.keyquorum.orchestrator.flow.DeliveryKeys;
import io.keyquorum.orchestrator.flow.KeyOperations;
import io.keyquorum.orchestrator.flow.OperationResult;
import io.keyquorum.orchestrator.flow.OrchestratorException;
import io.keyquorum.protocol.ReadRequest;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.rpc.v1.AdminCommand;
import io.keyquorum.rpc.v1.AdminCommandResult;
import io.keyquorum.rpc.v1.AttestorSummary;
import io.keyquorum.rpc.v1.ClientDelivery;
import io.keyquorum.rpc.v1.DealKeyRequest;
import io.keyquorum.rpc.v1.DescribeKeyRequest;
import io.keyquorum.rpc.v1.GetNetworkRequest;
import io.keyquorum.rpc.v1.GetStatusRequest;
import io.keyquorum.rpc.v1.NetworkStatus;
import io.keyquorum.rpc.v1.KeyDescription;
import io.keyquorum.rpc.v1.KeyOperation;
import io.keyquorum.rpc.v1.KeyOperationResult;
import io.keyquorum.rpc.v1.KeyQuorumGrpc;
import io.keyquorum.rpc.v1.ListKeysRequest;
import io.keyquorum.rpc.v1.ListKeysResponse;
import io.keyquorum.rpc.v1.NetworkInfo;
import io.keyquorum.rpc.v1.SignedShareRelease;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client API (orchestrator.proto) over the gRPC-free core. Decodes, delegates, encodes; typed
 * failures become a status plus an {@link ErrorStatus#TRAILER}. Unexpected failures are logged
 * here and reach the client only as INTERNAL without detail.
 */
public final class OrchestratorService extends KeyQuorumGrpc.KeyQuorumImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorService.class);

  private final RegistryView registry;
  private final KeyOperations operations;
  private final KeyDealer dealer;
  private final AdminRelay relay;
  private final DeliveryKeys deliveryKeys;
  private final String orchestratorId;
  private final AttestorProbe probe;
  private final ReadGate reads;

  public OrchestratorService(RegistryView registry, KeyOperations operations, KeyDealer dealer, AdminRelay relay,
      DeliveryKeys deliveryKeys, String orchestratorId, AttestorProbe probe, ReadGate reads) {
    this.registry = registry;
    this.probe = probe;
    this.reads = reads;
    this.operations = operations;
    this.dealer = dealer;
    this.relay = relay;
    this.deliveryKeys = deliveryKeys;
    this.orchestratorId = orchestratorId;
  }

  @Override
  public void getNetwork(GetNetworkRequest request, StreamObserver<NetworkInfo> response) {
    answer(response, () -> {
      RegistryState state = registry.state();
      NetworkInfo.Builder b = NetworkInfo.newBuilder()
          .setDeliveryKey(ByteString.copyFrom(deliveryKeys.current().raw()))
          .setRegistryHeight(state.height())
          .setOrchestratorId(orchestratorId);
      state.governance().ifPresent(g -> {
        b.setNetworkId(g.networkId());
        b.setGenesis(ByteString.copyFrom(g.signedGenesis().encode()));
        g.attestors().values().forEach(a -> {
          AttestorSummary.Builder summary = AttestorSummary.newBuilder()
              .setAttestorId(a.id())
              .setSigningKey(ByteString.copyFrom(a.signingKey().raw()))
              .setHpkeKey(ByteString.copyFrom(a.hpkeKey().toByteArray()))
              .putAllLabels(a.labels());
          // From this learner's replica, not the attestor's disk: what kq audit verify holds it to.
          state.auditAnchor(a.id()).ifPresent(anchor -> summary
              .setAuditAnchor(ByteString.copyFrom(anchor.signedCommand().toByteArray()))
              .setAuditAnchorHeight(anchor.anchoredAtHeight()));
          b.addAttestors(summary);
        });
      });
      return b.build();
    });
  }

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<NetworkStatus> response) {
    answer(response, () -> {
      reads.admit(request.getSignedRead().toByteArray(), ReadRequest.Operation.GET_STATUS);
      return probe.status(orchestratorId);
    });
  }

  @Override
  public void createKey(DealKeyRequest request, StreamObserver<KeyDescription> response) {
    answer(response, () -> {
      KeyRecord key;
      try (SecretBytes imported = importedOf(request)) {
        key = dealer.createKey(request.getClientId(), envelope(request.getSignedDealRequest().toByteArray()),
            request.getPolicyDocument(), Optional.ofNullable(imported));
      }
      return KeyDescriptions.of(registry.state(), key);
    });
  }

  @Override
  public void rotateKey(DealKeyRequest request, StreamObserver<KeyDescription> response) {
    answer(response, () -> {
      KeyRecord key;
      try (SecretBytes imported = importedOf(request)) {
        key = dealer.rotateKey(request.getClientId(), envelope(request.getSignedDealRequest().toByteArray()),
            Optional.ofNullable(imported));
      }
      return KeyDescriptions.of(registry.state(), key);
    });
  }

  @Override
  public void describeKey(DescribeKeyRequest request, StreamObserver<KeyDescription> response) {
    answer(response, () -> {
      ReadRequest read = reads.admit(request.getSignedRead().toByteArray(), ReadRequest.Operation.DESCRIBE_KEY);
      if (!request.getKeyRef().isEmpty() && !request.getKeyRef().equals(read.argument())) {
        throw new OrchestratorException(ErrorKind.BAD_REQUEST, "key_ref " + request.getKeyRef()
            + " is not the key the read is signed for (" + read.argument() + ")");
      }
      String keyRef = read.argument();
      RegistryState state = registry.state();
      KeyRecord key = state.key(keyRef).or(() -> state.keyByAlias(keyRef)).orElseThrow(() ->
          new OrchestratorException(ErrorKind.NOT_FOUND, "key " + keyRef + " not found"));
      // Only DescribeKey carries the document (up to 64 KiB); ListKeys stays small.
      return KeyDescriptions.of(state, key).toBuilder()
          .setPolicyDocument(state.policy(key.keyId()).map(p -> p.document()).orElse("")).build();
    });
  }

  @Override
  public void listKeys(ListKeysRequest request, StreamObserver<ListKeysResponse> response) {
    answer(response, () -> {
      reads.admit(request.getSignedRead().toByteArray(), ReadRequest.Operation.LIST_KEYS);
      RegistryState state = registry.state();
      ListKeysResponse.Builder b = ListKeysResponse.newBuilder();
      state.keys().values().forEach(k -> b.addKeys(KeyDescriptions.of(state, k)));
      return b.build();
    });
  }

  @Override
  public void enableKey(AdminCommand request, StreamObserver<AdminCommandResult> response) {
    admin(AdminOperation.ENABLE_KEY, request, response);
  }

  @Override
  public void disableKey(AdminCommand request, StreamObserver<AdminCommandResult> response) {
    admin(AdminOperation.DISABLE_KEY, request, response);
  }

  @Override
  public void scheduleKeyDeletion(AdminCommand request, StreamObserver<AdminCommandResult> response) {
    admin(AdminOperation.SCHEDULE_KEY_DELETION, request, response);
  }

  @Override
  public void cancelKeyDeletion(AdminCommand request, StreamObserver<AdminCommandResult> response) {
    admin(AdminOperation.CANCEL_KEY_DELETION, request, response);
  }

  @Override
  public void putKeyPolicy(AdminCommand request, StreamObserver<AdminCommandResult> response) {
    admin(AdminOperation.PUT_KEY_POLICY, request, response);
  }

  @Override
  public void registerClient(AdminCommand request, StreamObserver<AdminCommandResult> response) {
    admin(AdminOperation.REGISTER_CLIENT, request, response);
  }

  @Override
  public void releaseKey(KeyOperation request, StreamObserver<KeyOperationResult> response) {
    answer(response, () -> toProto(operations.releaseKey(signed(request), binding(request))));
  }

  @Override
  public void generateDataKey(KeyOperation request, StreamObserver<KeyOperationResult> response) {
    answer(response, () -> toProto(operations.generateDataKey(signed(request), binding(request))));
  }

  @Override
  public void decrypt(KeyOperation request, StreamObserver<KeyOperationResult> response) {
    answer(response, () -> toProto(operations.decrypt(signed(request), binding(request),
        request.getCiphertextBlob().toByteArray())));
  }

  @Override
  public void encrypt(KeyOperation request, StreamObserver<KeyOperationResult> response) {
    answer(response, () -> toProto(operations.encrypt(signed(request), binding(request),
        request.getPlaintext().toByteArray())));
  }

  private void admin(AdminOperation op, AdminCommand request, StreamObserver<AdminCommandResult> response) {
    answer(response, () -> AdminCommandResult.newBuilder()
        .setRegistryHeight(relay.relay(op, request.getSignedCommand().toByteArray())).build());
  }

  static KeyOperationResult toProto(OperationResult r) {
    KeyOperationResult.Builder b = KeyOperationResult.newBuilder().setKeyId(r.keyId()).setKeyVersion(r.keyVersion());
    r.attestations().forEach(a -> b.addAttestations(ByteString.copyFrom(a.encode())));
    r.sealedResult().ifPresent(s -> b.setSealedResult(ByteString.copyFrom(s.encode())));
    r.blob().ifPresent(blob -> b.setCiphertextBlob(ByteString.copyFrom(blob.encode())));
    r.clientShares().ifPresent(c -> {
      ClientDelivery.Builder d = ClientDelivery.newBuilder()
          .setCommitments(ByteString.copyFrom(c.commitments()))
          .setWrappedMaterial(ByteString.copyFrom(c.wrappedMaterial()))
          .setThreshold(c.threshold())
          .setShareCount(c.shareCount());
      c.releases().forEach(v -> d.addReleases(SignedShareRelease.newBuilder()
          .setAttestorId(v.attestorId())
          .setPayload(ByteString.copyFrom(v.envelope().payload()))
          .setSignature(ByteString.copyFrom(v.envelope().signature()))));
      b.setClientDelivery(d);
    });
    r.excluded().forEach(o -> b.addExcluded(ErrorStatus.toProto(o)));
    return b.build();
  }

  private static SignedKeyRequest signed(KeyOperation request) {
    return SignedKeyRequest.decode(request.getSignedRequest().toByteArray());
  }

  private static Optional<SignedEnvelope> binding(KeyOperation request) {
    return request.getDeliveryBinding().isEmpty() ? Optional.empty()
        : Optional.of(envelope(request.getDeliveryBinding().toByteArray()));
  }

  private static SignedEnvelope envelope(byte[] bytes) {
    return SignedEnvelope.decode(bytes);
  }

  private static SecretBytes importedOf(DealKeyRequest request) {
    return request.getImportedMaterial().isEmpty() ? null
        : SecretBytes.copyOf(request.getImportedMaterial().toByteArray());
  }

  private static <T> void answer(StreamObserver<T> response, Supplier<T> body) {
    T value;
    try {
      value = body.get();
    } catch (OrchestratorException e) {
      response.onError(ErrorStatus.of(e));
      return;
    } catch (IllegalArgumentException e) {
      // Malformed wire bytes (MalformedEncodingException is one) are the caller's fault.
      response.onError(ErrorStatus.of(new OrchestratorException(ErrorKind.BAD_REQUEST, e.getMessage())));
      return;
    } catch (RuntimeException e) {
      LOG.error("internal error answering a client call", e);
      response.onError(Status.INTERNAL.withDescription("internal error").asRuntimeException());
      return;
    }
    response.onNext(value);
    response.onCompleted();
  }
}
