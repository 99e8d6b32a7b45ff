package io.keyquorum.rpc.tls;

import io.keyquorum.rpc.pki.CertificateFingerprint;
import java.util.Map;
import java.util.Optional;

/**
 * The one certificate each node is known to hold, by node id: in a running network, the
 * fingerprints the registry's genesis records.
 *
 * <p>Why on top of the network CA: the CA vouches that a certificate names a node, not that it is
 * the certificate the network registered for that node. A reissued, superseded or stolen-and-
 * replaced certificate for the same id still chains to the CA; with a pin it is refused. A node
 * with no pin (before genesis is known, or a node the registry does not list) is checked against
 * the CA and its id only. Looked up at every handshake, so a pin learnt later applies to the next
 * connection.
 */
@FunctionalInterface
public interface CertificatePins {
  /** No pins: the CA and the node id decide alone. */
  CertificatePins NONE = nodeId -> Optional.empty();

  /** The fingerprint pinned for {@code nodeId}, or empty when none is (yet) pinned. */
  Optional<CertificateFingerprint> pinned(String nodeId);

  /** Fixed pins, for tools and tests. */
  static CertificatePins of(Map<String, CertificateFingerprint> pins) {
    Map<String, CertificateFingerprint> copy = Map.copyOf(pins);
    return nodeId -> Optional.ofNullable(copy.get(nodeId));
  }
}
