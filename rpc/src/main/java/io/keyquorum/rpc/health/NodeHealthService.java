package io.keyquorum.rpc.health;

import io.grpc.stub.StreamObserver;
import io.keyquorum.rpc.pki.CertificateNodeId;
import io.keyquorum.rpc.v1.HealthRequest;
import io.keyquorum.rpc.v1.HealthResponse;
import io.keyquorum.rpc.v1.NodeHealthGrpc;
import java.util.Objects;
import java.util.function.LongSupplier;

/** Answers liveness checks with this node's id and its committed registry height. */
public final class NodeHealthService extends NodeHealthGrpc.NodeHealthImplBase {
  private final String nodeId;
  private final LongSupplier registryHeight;

  public NodeHealthService(String nodeId, LongSupplier registryHeight) {
    this.nodeId = CertificateNodeId.requireValid(nodeId);
    this.registryHeight = Objects.requireNonNull(registryHeight, "registryHeight");
  }

  @Override
  public void check(HealthRequest request, StreamObserver<HealthResponse> response) {
    response.onNext(
        HealthResponse.newBuilder()
            .setNodeId(nodeId)
            .setRegistryHeight(registryHeight.getAsLong())
            .build());
    response.onCompleted();
  }
}
