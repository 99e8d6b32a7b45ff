package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.AttestResponse;
import io.keyquorum.rpc.v1.AttestorGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Attest's wait for {@code min_registry_height} costs an attacker's request nothing and a waiting
 * caller no handler thread: the caller is checked first, and an admitted request waits on the
 * registry's commit feed. Each attestor runs the default 8 handler threads.
 */
class AttestCatchUpTest extends ThreeAttestors {
  private static final int HANDLER_THREADS = 8;

  private ListenableFuture<AttestResponse> attestAsync(String id, byte[] signed, long minHeight) {
    return AttestorGrpc.newFutureStub(channels.get(id)).withDeadlineAfter(60, TimeUnit.SECONDS)
        .attest(AttestRequest.newBuilder().setSignedRequest(ByteString.copyFrom(signed))
            .setMinRegistryHeight(minHeight).build());
  }

  private static Status.Code code(ListenableFuture<AttestResponse> f) throws InterruptedException {
    try {
      f.get(60, TimeUnit.SECONDS);
      return Status.Code.OK;
    } catch (ExecutionException e) {
      return e.getCause() instanceof StatusRuntimeException s ? s.getStatus().getCode() : Status.Code.UNKNOWN;
    } catch (java.util.concurrent.TimeoutException e) {
      return Status.Code.DEADLINE_EXCEEDED;
    }
  }

  @Test
  void unsignedRequestsWithHighHeight_doNotParkHandlerThreads() throws Exception {
    long unreachable = nodes.get("attestor-1").registryState().height() + 1_000_000;
    int flood = 10 * HANDLER_THREADS;
    long start = System.nanoTime();
    List<ListenableFuture<AttestResponse>> bad = new ArrayList<>();
    for (int i = 0; i < flood; i++) {
      byte[] tampered = net.request("payments").bytes();
      tampered[tampered.length - 1] ^= 1; // inside the signature
      bad.add(attestAsync("attestor-1", tampered, unreachable));
    }
    ListenableFuture<AttestResponse> valid = attestAsync("attestor-1", net.request("payments").bytes(), 0);

    // Waiting 2 s each on 8 threads, the flood would hold the node for 20 s before the valid request.
    assertThat(code(valid)).isEqualTo(Status.Code.OK);
    long validMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    for (ListenableFuture<AttestResponse> f : bad) {
      assertThat(code(f)).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
    long floodMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(validMillis).as("valid request behind the flood").isLessThan(5_000);
    assertThat(floodMillis).as("whole flood refused").isLessThan(8_000);
  }

  @Test
  void unregisteredClientWithHighHeight_isRefusedAtOnce() throws Exception {
    long unreachable = nodes.get("attestor-1").registryState().height() + 1_000_000;
    Ed25519PrivateKey stranger = Ed25519PrivateKey.generate(net.random);
    long start = System.nanoTime();
    ListenableFuture<AttestResponse> f =
        attestAsync("attestor-1", net.requestAs("stranger", stranger, "payments").bytes(), unreachable);
    assertThat(code(f)).isEqualTo(Status.Code.UNAUTHENTICATED);
    // Well under the 2 s catch-up bound: the refusal came before any wait.
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_500);
  }

  @Test
  void admittedRequestForAHeightNeverReached_isJudgedAfterTheBound() throws Exception {
    long unreachable = nodes.get("attestor-3").registryState().height() + 1_000_000;
    long start = System.nanoTime();
    AttestResponse answer = attestAsync("attestor-3", net.request("payments").bytes(), unreachable)
        .get(30, TimeUnit.SECONDS);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // The height is an unsigned hint: past the bound the node judges on what it has.
    assertThat(verified(SignedAttestation.decode(answer.getSignedAttestation().toByteArray())).allow()).isTrue();
    assertThat(millis).isGreaterThanOrEqualTo(AttestorGrpcService.CATCH_UP_WAIT.toMillis() - 100);
  }

  @Test
  void moreWaitingRequestsThanHandlerThreads_doNotBlockOthers_andAreJudgedAtTheHeight() throws Exception {
    long next = nodes.get("attestor-2").registryState().height() + 1;
    List<ListenableFuture<AttestResponse>> waiting = new ArrayList<>();
    for (int i = 0; i < 3 * HANDLER_THREADS; i++) {
      waiting.add(attestAsync("attestor-2", net.request("payments").bytes(), next));
    }
    ListenableFuture<AttestResponse> other = attestAsync("attestor-2", net.request("payments").bytes(), 0);

    // With a thread parked per waiter, this one would queue until the first waits ran out at 2 s.
    assertThat(code(other)).isEqualTo(Status.Code.OK);
    assertThat(waiting).as("all still waiting for height " + next).noneMatch(ListenableFuture::isDone);

    log.submit(net.registerClient("catch-up-" + next, Ed25519PrivateKey.generate(net.random), true).encode()).join();
    for (ListenableFuture<AttestResponse> f : waiting) {
      Attestation a = verified(SignedAttestation.decode(
          f.get(30, TimeUnit.SECONDS).getSignedAttestation().toByteArray()));
      assertThat(a.allow()).isTrue();
      assertThat(a.registryHeight()).isGreaterThanOrEqualTo(next);
    }
  }
}
