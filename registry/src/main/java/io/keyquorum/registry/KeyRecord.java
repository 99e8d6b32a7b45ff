package io.keyquorum.registry;

import io.keyquorum.registry.command.Identifiers;
import io.keyquorum.registry.command.KeyState;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A key as the registry knows it: every dealt version, its lifecycle state, and {@code
 * changedAtHeight}, the log height of the last committed change to it. Attestations judged at a
 * lower height than that must not count toward a quorum (DESIGN §6, revocation).
 *
 * @param stateBeforeDeletion the state a cancelled deletion returns to (only in PENDING_DELETION)
 * @param deletionDateMillis when destruction becomes allowed (only in PENDING_DELETION, else 0)
 */
public record KeyRecord(String keyId, String alias, String createdBy, SortedMap<Long, KeyVersion> versions,
    KeyState state, Optional<KeyState> stateBeforeDeletion, long deletionDateMillis, long changedAtHeight) {
  public KeyRecord {
    Identifiers.requireId("key id", keyId);
    Identifiers.requireId("alias", alias);
    Identifiers.requireId("creating client", createdBy);
    versions = Collections.unmodifiableSortedMap(new TreeMap<>(versions));
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("a key has at least one version");
    }
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(stateBeforeDeletion, "state before deletion");
    if ((state == KeyState.PENDING_DELETION) != stateBeforeDeletion.isPresent()
        || (state == KeyState.PENDING_DELETION) != (deletionDateMillis > 0)) {
      throw new IllegalArgumentException("deletion fields are set exactly when the key is PENDING_DELETION");
    }
  }

  public long latestVersion() {
    return versions.lastKey();
  }

  /** The newest ACTIVE version: what encrypt and generate-data-key use. Empty until one is. */
  public Optional<KeyVersion> currentVersion() {
    return versions.values().stream().filter(v -> v.status() == VersionStatus.ACTIVE)
        .reduce((older, newer) -> newer);
  }

  /** A version decrypt may use: ACTIVE, whether current or older. */
  public Optional<KeyVersion> usableVersion(long version) {
    return Optional.ofNullable(versions.get(version)).filter(v -> v.status() == VersionStatus.ACTIVE);
  }

  public boolean hasPendingVersion() {
    return versions.values().stream().anyMatch(v -> v.status() == VersionStatus.PENDING);
  }

  KeyRecord withVersion(KeyVersion version, long height) {
    SortedMap<Long, KeyVersion> next = new TreeMap<>(versions);
    next.put(version.version(), version);
    return new KeyRecord(keyId, alias, createdBy, next, state, stateBeforeDeletion, deletionDateMillis, height);
  }

  KeyRecord withState(KeyState next, Optional<KeyState> before, long deletionDate, long height) {
    return new KeyRecord(keyId, alias, createdBy, versions, next, before, deletionDate, height);
  }
}
