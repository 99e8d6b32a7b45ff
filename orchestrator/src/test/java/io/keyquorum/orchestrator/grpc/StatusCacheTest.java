package io.keyquorum.orchestrator.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.orchestrator.flow.AttestorTransport;
import io.keyquorum.orchestrator.flow.FlowSettings;
import io.keyquorum.orchestrator.testing.TestCluster;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** GetStatus does not fan out to every attestor on each call: one report serves about a second. */
class StatusCacheTest {
  /** Counts health checks; answers every one at once. */
  private static final class CountingTransport implements AttestorTransport {
    final AtomicInteger checks = new AtomicInteger();

    @Override
    public CompletableFuture<SignedAttestation> attest(String attestorId, SignedKeyRequest request, long minHeight) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<SignedEnvelope> release(String attestorId, SignedKeyRequest request, QuorumCertificate qc) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Long> registryHeight(String attestorId) {
      checks.incrementAndGet();
      return CompletableFuture.completedFuture(1L);
    }
  }

  @Test
  void statusCalledRepeatedly_fansOutOncePerCacheWindow() throws Exception {
    try (TestCluster cluster = new TestCluster(3, 0, FlowSettings.defaults())) {
      CountingTransport transport = new CountingTransport();
      AttestorProbe probe = new AttestorProbe(cluster.registry(), transport, Duration.ofMillis(300));
      for (int i = 0; i < 50; i++) {
        assertThat(probe.status("orchestrator-1").getAttestorsCount()).isEqualTo(3);
      }
      assertThat(transport.checks.get()).isEqualTo(3);
      Thread.sleep(400);
      probe.status("orchestrator-1");
      assertThat(transport.checks.get()).isEqualTo(6);
    }
  }

  @Test
  void defaultCacheWindow_isAboutOneSecond() {
    assertThat(AttestorProbe.DEFAULT_CACHE).isEqualTo(Duration.ofSeconds(1));
  }
}
