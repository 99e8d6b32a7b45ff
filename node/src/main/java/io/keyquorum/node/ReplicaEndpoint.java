package io.keyquorum.node;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.rpc.peer.PeerAddress;
import java.util.Objects;

/**
 * One voting replica as every node is configured with it: its node id (which its TLS certificate
 * must name), where to reach it, and the Ed25519 key its consensus messages are signed with.
 */
public record ReplicaEndpoint(String nodeId, String host, int port, Ed25519PublicKey consensusKey) {
  public ReplicaEndpoint {
    new PeerAddress(nodeId, host, port); // validates id, host and port with the transport's rules
    Objects.requireNonNull(consensusKey, "consensusKey");
  }

  public PeerAddress address() {
    return new PeerAddress(nodeId, host, port);
  }
}
