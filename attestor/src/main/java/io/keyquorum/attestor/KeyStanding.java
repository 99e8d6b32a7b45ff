package io.keyquorum.attestor;

import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.KeyVersion;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.VersionStatus;
import io.keyquorum.registry.command.KeyState;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a request may use a key version, judged on one registry snapshot: the key resolved
 * from its id or alias, the version (0 = the current ACTIVE one), and either no objection or the
 * precise reason the key state forbids it.
 *
 * <p>Rules: the key must be ENABLED; the version must be ACTIVE; a version older than the current
 * one serves only requests that ask for {@code decrypt} alone, so that rotated-out material keeps
 * decrypting old data but never encrypts or is released again. "Ask for" means the capabilities
 * judged ({@link KeyRequest#judgedCapabilities()}): a {@code delivery=client} decrypt hands the
 * client the key, so it is a release, and an old version refuses it.
 */
public record KeyStanding(KeyRecord key, long version, Optional<String> objection) {

  /** The rule name signed into a key-state denial. */
  public static final String RULE = "key-state";

  /** Resolves the key or refuses UNKNOWN_KEY; the version standing is judged, never refused. */
  public static KeyStanding judge(RegistryState state, KeyRequest request) throws RefusedException {
    String ref = request.keyRef();
    KeyRecord key = state.key(ref).or(() -> state.keyByAlias(ref)).orElseThrow(() -> new RefusedException(
        Refusal.UNKNOWN_KEY, "no key has id or alias " + ref));
    long requested = request.keyVersion();
    if (key.state() != KeyState.ENABLED) {
      long v = requested > 0 ? requested : key.latestVersion();
      return new KeyStanding(key, v, Optional.of(describeState(key)));
    }
    Optional<KeyVersion> current = key.currentVersion();
    if (requested == 0) {
      return current.map(c -> new KeyStanding(key, c.version(), Optional.empty()))
          .orElseGet(() -> new KeyStanding(key, key.latestVersion(),
              Optional.of("key " + key.keyId() + " has no ACTIVE version")));
    }
    KeyVersion v = key.versions().get(requested);
    if (v == null) {
      return new KeyStanding(key, requested, Optional.of(
          "key " + key.keyId() + " has no version " + requested + " (latest is " + key.latestVersion() + ")"));
    }
    if (v.status() != VersionStatus.ACTIVE) {
      return new KeyStanding(key, requested, Optional.of(
          "version " + requested + " of key " + key.keyId() + " is " + v.status()));
    }
    boolean isCurrent = current.isPresent() && current.get().version() == requested;
    if (!isCurrent && !request.judgedCapabilities().equals(Set.of(Capability.DECRYPT))) {
      return new KeyStanding(key, requested, Optional.of("version " + requested + " of key " + key.keyId()
          + " is not current (" + current.map(c -> "v" + c.version()).orElse("none")
          + "); an older version serves decrypt only, with delivery=orchestrator, and is never released"));
    }
    return new KeyStanding(key, requested, Optional.empty());
  }

  private static String describeState(KeyRecord key) {
    String s = "key " + key.keyId() + " is " + key.state();
    if (key.state() == KeyState.PENDING_DELETION) {
      s += " (deletion date " + Instant.ofEpochMilli(key.deletionDateMillis()) + ")";
    }
    return s;
  }
}
