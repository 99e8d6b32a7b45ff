package io.keyquorum.orchestrator.flow;

import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import java.util.concurrent.CompletableFuture;

/**
 * How the orchestrator reaches attestors (DESIGN §4 steps 3 and 5). Nothing returned here is
 * trusted: the flow verifies every signature and field itself. Implementations must not block the
 * caller; failures complete the future exceptionally.
 */
public interface AttestorTransport extends AutoCloseable {
  /** Asks {@code attestorId} to judge {@code request}. */
  /**
   * Asks one attestor to judge {@code request}; {@code minRegistryHeight} is the height at which
   * the key last changed, which the attestor's replica should reach before it judges.
   */
  CompletableFuture<SignedAttestation> attest(String attestorId, SignedKeyRequest request, long minRegistryHeight);

  /** Asks {@code attestorId} for its share against {@code qc}; returns the signed ShareRelease envelope. */
  CompletableFuture<SignedEnvelope> release(String attestorId, SignedKeyRequest request, QuorumCertificate qc);

  /** False when the transport already knows the attestor cannot be reached (e.g. connection refused). */
  default boolean reachable(String attestorId) {
    return true;
  }

  @Override
  default void close() {}

  /**
   * The attestor's committed registry height from its NodeHealth service, for status reports.
   * Transports without a health channel report it as unsupported.
   */
  default CompletableFuture<Long> registryHeight(String attestorId) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("this transport has no health checks"));
  }

  /**
   * An attestor's health answer: its committed registry height and what its operator must fix
   * though it answers (e.g. a local policy that stopped compiling, so it denies every request).
   */
  record Health(long registryHeight, java.util.List<String> problems) {
    public Health {
      problems = java.util.List.copyOf(problems);
    }
  }

  /** The attestor's health answer, for status reports; by default its height and no problems. */
  default CompletableFuture<Health> health(String attestorId) {
    return registryHeight(attestorId).thenApply(h -> new Health(h, java.util.List.of()));
  }
}
