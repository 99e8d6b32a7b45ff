package io.keyquorum.rpc.peer;

import io.keyquorum.rpc.pki.CertificateNodeId;

/**
 * Where to reach a node. The node id is also what its certificate must name: a server at this
 * address presenting any other node's certificate is refused.
 */
public record PeerAddress(String nodeId, String host, int port) {
  public PeerAddress {
    CertificateNodeId.requireValid(nodeId);
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("peer " + nodeId + ": host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("peer " + nodeId + ": port must be 1-65535, got " + port);
    }
  }
}
