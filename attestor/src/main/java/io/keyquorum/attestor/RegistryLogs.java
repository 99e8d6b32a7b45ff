package io.keyquorum.attestor;

import io.keyquorum.registry.log.ReplicatedLog;
import io.keyquorum.registry.log.SingleReplicaLog;

/**
 * The one place that chooses the registry's {@link ReplicatedLog}. Today: a single-replica SQLite
 * log (n = 1). When the HotStuff-backed log lands, this method builds it from the config's peers;
 * nothing else in the node changes.
 */
final class RegistryLogs {
  private RegistryLogs() {}

  static ReplicatedLog open(AttestorConfig config) {
    return SingleReplicaLog.open(config.registryLogFile());
  }
}
