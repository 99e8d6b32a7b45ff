package io.keyquorum.orchestrator.grpc;

import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.rpc.v1.KeyDescription;
import io.keyquorum.rpc.v1.VersionSummary;

/** Registry key records as the client API shows them: public metadata only. */
final class KeyDescriptions {
  private KeyDescriptions() {}

  static KeyDescription of(RegistryState state, KeyRecord key) {
    KeyDescription.Builder b = KeyDescription.newBuilder()
        .setKeyId(key.keyId())
        .setAlias(key.alias())
        .setState(key.state().name())
        .setCurrentVersion(key.currentVersion().map(v -> v.version()).orElse(0L))
        .setDeletionDateMillis(key.deletionDateMillis())
        .setChangedAtHeight(key.changedAtHeight())
        .setPolicyVersion(state.policy(key.keyId()).map(p -> p.version()).orElse(0L))
        .setCreatedBy(key.createdBy())
        .setStateBeforeDeletion(key.stateBeforeDeletion().map(Enum::name).orElse(""));
    key.versions().values().forEach(v -> b.addVersions(VersionSummary.newBuilder()
        .setVersion(v.version())
        .setStatus(v.status().name())
        .addAllAttestors(v.deal().attestors())
        .setThreshold(v.deal().threshold())
        .putAllComplaints(v.complaints())));
    return b.build();
  }
}
