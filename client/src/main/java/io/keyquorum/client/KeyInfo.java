package io.keyquorum.client;

import io.keyquorum.rpc.v1.KeyDescription;
import java.util.List;
import java.util.Map;

/** A key's public metadata as the orchestrator's registry replica has it. */
public record KeyInfo(String keyId, String alias, String state, long currentVersion, List<Version> versions,
    long deletionDateMillis, long policyVersion, String stateBeforeDeletion) {
  /** One version: its status (PENDING, ACTIVE, FAILED), attestors, t and complaints. */
  public record Version(long version, String status, List<String> attestors, int threshold,
      Map<String, String> complaints) {}

  static KeyInfo of(KeyDescription d) {
    return new KeyInfo(d.getKeyId(), d.getAlias(), d.getState(), d.getCurrentVersion(),
        d.getVersionsList().stream().map(v -> new Version(v.getVersion(), v.getStatus(), List.copyOf(v.getAttestorsList()),
            v.getThreshold(), Map.copyOf(v.getComplaintsMap()))).toList(),
        d.getDeletionDateMillis(), d.getPolicyVersion(), d.getStateBeforeDeletion());
  }
}
