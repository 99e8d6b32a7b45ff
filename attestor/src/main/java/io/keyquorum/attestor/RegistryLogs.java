package io.keyquorum.attestor;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.node.RegistryNode;
import io.keyquorum.registry.log.ReplicatedLog;
import io.keyquorum.registry.log.SingleReplicaLog;
import java.io.IOException;
import java.util.Optional;

/**
 * The one place that chooses the registry's {@link ReplicatedLog} (DESIGN §6: every multi-node
 * deployment runs the BFT log; a single-replica log stays only for n = 1).
 *
 * <ul>
 *   <li>config has a {@code registry:} section → a voting HotStuff replica ({@link RegistryNode})
 *       on its own mutual-TLS PeerLink port, signing with the attestor's identity key (the key
 *       genesis names), its blocks in {@code dataDir/blocks.db};
 *   <li>no section → {@link SingleReplicaLog} in {@code dataDir/registry.db}.
 * </ul>
 */
final class RegistryLogs {
  private RegistryLogs() {}

  /** The chosen log and, for the BFT log, the replica node that must be closed with it. */
  record Opened(ReplicatedLog log, Optional<RegistryNode> replica) implements AutoCloseable {
    /** Closes the replica (its PeerLink server, then the log and its store), or just the log. */
    @Override
    public void close() {
      if (replica.isPresent()) {
        replica.get().close();
      } else {
        log.close();
      }
    }
  }

  /**
   * Opens the log this config asks for. {@code signingKey} stays owned by the caller and must
   * outlive the returned log.
   */
  static Opened open(AttestorConfig config, Ed25519PrivateKey signingKey) throws IOException {
    if (config.registry().isEmpty()) {
      return new Opened(SingleReplicaLog.open(config.registryLogFile()), Optional.empty());
    }
    RegistryNode node = new RegistryNode(config.registry().get().nodeConfig(config.nodeId(), config.dataDir(),
        config.tlsDir(), config.genesisAuthority()), signingKey);
    try {
      node.start();
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
    return new Opened(node.log(), Optional.of(node));
  }
}
