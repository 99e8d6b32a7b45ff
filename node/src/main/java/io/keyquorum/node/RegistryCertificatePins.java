package io.keyquorum.node;

import io.keyquorum.registry.Governance;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.rpc.pki.CertificateFingerprint;
import io.keyquorum.rpc.tls.CertificatePins;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The certificate pins a registry replica knows: each genesis attestor's and the orchestrator's
 * TLS fingerprint (AttestorInfo / OrchestratorInfo). Read from the latest snapshot at each
 * handshake; before genesis is applied nothing is pinned, and the network CA and node id decide.
 */
public final class RegistryCertificatePins implements CertificatePins {
  private final Supplier<Optional<RegistryState>> state;

  /** @param state the current snapshot, or empty while the replica does not exist yet */
  public RegistryCertificatePins(Supplier<Optional<RegistryState>> state) {
    this.state = state;
  }

  @Override
  public Optional<CertificateFingerprint> pinned(String nodeId) {
    Optional<Governance> governance = state.get().flatMap(RegistryState::governance);
    if (governance.isEmpty()) {
      return Optional.empty();
    }
    Governance g = governance.get();
    Optional<CertificateFingerprint> attestor = g.attestor(nodeId)
        .map(a -> CertificateFingerprint.fromBytes(a.tlsFingerprint().toByteArray()));
    if (attestor.isPresent()) {
      return attestor;
    }
    return g.orchestrator().id().equals(nodeId)
        ? Optional.of(CertificateFingerprint.fromBytes(g.orchestrator().tlsFingerprint().toByteArray()))
        : Optional.empty();
  }
}
