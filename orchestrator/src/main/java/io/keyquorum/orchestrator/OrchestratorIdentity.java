package io.keyquorum.orchestrator;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.orchestrator.flow.OrchestratorException;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The orchestrator's registry identity: the id genesis names and the Ed25519 key it signs deals
 * with. Hands out command headers with strictly increasing sequence numbers (the registry refuses
 * a sequence at or below the author's last accepted one).
 */
public final class OrchestratorIdentity {
  private final String id;
  private final Ed25519PrivateKey signingKey;
  private final LongSupplier clock;
  private long lastSequence;

  public OrchestratorIdentity(String id, Ed25519PrivateKey signingKey, LongSupplier clock) {
    this.id = Objects.requireNonNull(id, "id");
    this.signingKey = Objects.requireNonNull(signingKey, "signing key");
    this.clock = clock;
  }

  public String id() {
    return id;
  }

  public Ed25519PrivateKey signingKey() {
    return signingKey;
  }

  /** A header above both this process's last sequence and the registry's record for this author. */
  public synchronized CommandHeader nextHeader(RegistryState state) {
    io.keyquorum.registry.Governance governance = state.governance().orElseThrow(() ->
        new OrchestratorException(ErrorKind.UNAVAILABLE, "the registry has no genesis yet"));
    long seq = Math.max(Math.max(lastSequence + 1, state.sequences().getOrDefault(id, 0L) + 1), clock.getAsLong());
    lastSequence = seq;
    return new CommandHeader(governance.networkId(), governance.genesisHash(), id, seq);
  }
}
