package io.keyquorum.rpc.health;

import io.grpc.stub.StreamObserver;
import io.keyquorum.rpc.pki.CertificateNodeId;
import io.keyquorum.rpc.v1.HealthRequest;
import io.keyquorum.rpc.v1.HealthResponse;
import io.keyquorum.rpc.v1.NodeHealthGrpc;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.LongSupplier;

/**
 * Answers liveness checks with this node's id, its committed registry height and the problems
 * its operator must fix while it keeps answering (e.g. a local policy that stopped compiling).
 */
public final class NodeHealthService extends NodeHealthGrpc.NodeHealthImplBase {
  private final String nodeId;
  private final LongSupplier registryHeight;
  private final Supplier<List<String>> problems;

  public NodeHealthService(String nodeId, LongSupplier registryHeight) {
    this(nodeId, registryHeight, List::of);
  }

  public NodeHealthService(String nodeId, LongSupplier registryHeight,
      Supplier<List<String>> problems) {
    this.nodeId = CertificateNodeId.requireValid(nodeId);
    this.registryHeight = Objects.requireNonNull(registryHeight, "registryHeight");
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  @Override
  public void check(HealthRequest request, StreamObserver<HealthResponse> response) {
    response.onNext(
        HealthResponse.newBuilder()
            .setNodeId(nodeId)
            .setRegistryHeight(registryHeight.getAsLong())
            .addAllProblems(problems.get())
            .build());
    response.onCompleted();
  }
}
