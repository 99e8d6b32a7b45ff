package io.keyquorum.orchestrator.flow;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.Governance;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.KeyVersion;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.registry.command.ClientRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * DESIGN §4 step 2: resolves a signed request against the registry replica and refuses at once
 * what cannot succeed (unknown or disabled client, bad signature, unknown key, a key that is not
 * ENABLED, a version that is not usable, a capability the operation does not match). Attestors
 * check all of this again on their own; refusing here only saves them the work.
 */
public final class KeyResolver {
  private KeyResolver() {}

  /** The verified request and its key. */
  public record Resolution(KeyRequest request, ClientRecord client, ResolvedKey key) {}

  public static Resolution resolve(RegistryState state, SignedKeyRequest signed, Capability operation) {
    Governance governance = state.governance().orElseThrow(() ->
        new OrchestratorException(ErrorKind.UNAVAILABLE, "the registry has no genesis yet"));
    ClientRecord client = state.client(signed.claimedClientId()).orElseThrow(() ->
        new OrchestratorException(ErrorKind.ACCESS_DENIED, "client " + signed.claimedClientId() + " is not registered"));
    if (!client.enabled()) {
      throw new OrchestratorException(ErrorKind.ACCESS_DENIED, "client " + client.id() + " is disabled");
    }
    KeyRequest request;
    try {
      request = signed.verify(client.signingKey());
    } catch (InvalidSignatureException e) {
      throw new OrchestratorException(ErrorKind.ACCESS_DENIED,
          "request is not signed by client " + client.id() + "'s registered key");
    } catch (IllegalArgumentException e) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "malformed request: " + e.getMessage());
    }
    if (!request.network().equals(governance.genesisHash())) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "request is bound to genesis " + request.network()
          + "; this network's genesis is " + governance.genesisHash());
    }
    if (!request.capabilities().contains(operation)) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST,
          "request does not ask for capability " + operation.wireName() + ", which this operation needs");
    }
    KeyRecord key = state.key(request.keyRef()).or(() -> state.keyByAlias(request.keyRef())).orElseThrow(() ->
        new OrchestratorException(ErrorKind.NOT_FOUND, "key " + request.keyRef() + " not found"));
    switch (key.state()) {
      case ENABLED -> { }
      case DISABLED -> throw new OrchestratorException(ErrorKind.DISABLED, "key " + key.keyId() + " is disabled");
      case PENDING_DELETION -> throw new OrchestratorException(ErrorKind.PENDING_DELETION,
          "key " + key.keyId() + " is pending deletion (deletion date " + java.time.Instant.ofEpochMilli(key.deletionDateMillis()) + ")");
      case PENDING_ACKS -> throw new OrchestratorException(ErrorKind.UNAVAILABLE,
          "key " + key.keyId() + " is still waiting for its attestors to acknowledge their shares");
      case FAILED, DESTROYED -> throw new OrchestratorException(ErrorKind.NOT_FOUND,
          "key " + key.keyId() + " is " + key.state().name().toLowerCase(java.util.Locale.ROOT));
    }
    KeyVersion version = version(key, request, operation);
    Map<String, Ed25519PublicKey> keys = new LinkedHashMap<>();
    for (String id : version.deal().attestors()) {
      Optional<AttestorInfo> info = governance.attestor(id);
      // The registry only accepts deals over genesis attestors; a miss means a corrupt replica.
      keys.put(id, info.orElseThrow(() -> new OrchestratorException(ErrorKind.UNAVAILABLE,
          "attestor " + id + " of " + key.keyId() + " is not in genesis")).signingKey());
    }
    return new Resolution(request, client, new ResolvedKey(key, version, keys, state.height(), governance.genesisHash()));
  }

  private static KeyVersion version(KeyRecord key, KeyRequest request, Capability operation) {
    KeyVersion current = key.currentVersion().orElseThrow(() ->
        new OrchestratorException(ErrorKind.UNAVAILABLE, "key " + key.keyId() + " has no active version"));
    if (request.keyVersion() == 0) {
      return current;
    }
    if (operation == Capability.ENCRYPT || operation == Capability.GENERATE_DATA_KEY) {
      if (request.keyVersion() != current.version()) {
        throw new OrchestratorException(ErrorKind.BAD_REQUEST, "new ciphertexts use the current version v"
            + current.version() + " of " + key.keyId() + ", not v" + request.keyVersion());
      }
      return current;
    }
    return key.usableVersion(request.keyVersion()).orElseThrow(() -> new OrchestratorException(ErrorKind.NOT_FOUND,
        "key " + key.keyId() + " has no active version " + request.keyVersion()));
  }
}
