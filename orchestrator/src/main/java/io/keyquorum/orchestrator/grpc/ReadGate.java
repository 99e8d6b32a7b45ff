package io.keyquorum.orchestrator.grpc;

import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.orchestrator.RegistryView;
import io.keyquorum.orchestrator.flow.OrchestratorException;
import io.keyquorum.protocol.ReadRequest;
import io.keyquorum.protocol.SignedReadRequest;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.Governance;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.ClientRecord;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Admits a DescribeKey, ListKeys or GetStatus call only with a {@link SignedReadRequest} from a
 * registered, enabled client, for this operation, on this network, fresh, and not seen before.
 * Why: the key list, aliases, policies and the attestor set tell an attacker what to aim at, and
 * GetStatus costs a fan-out to every attestor; neither is for whoever reaches the port.
 */
public final class ReadGate {
  /** Same window as the attestors' default {@code clockSkewSeconds}. */
  static final Duration SKEW = Duration.ofSeconds(30);
  /** Reads remembered at once; past it a read is refused (UNAVAILABLE) until entries expire. */
  static final int MAX_REMEMBERED = 100_000;

  private final RegistryView registry;
  private final LongSupplier clock;
  /** (client, nonce) → expiry; insertion order is close to expiry order, so expiry scans from the head. */
  private final Map<String, Long> seen = new LinkedHashMap<>();

  public ReadGate(RegistryView registry, LongSupplier clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * Returns the verified read, or refuses: ACCESS_DENIED when the caller cannot be attributed or is
   * not allowed (missing signature, unknown or disabled client, bad signature, another operation or
   * network), BAD_REQUEST when it is stale, replayed or malformed.
   */
  public ReadRequest admit(byte[] wire, ReadRequest.Operation expected) {
    if (wire.length == 0) {
      throw new OrchestratorException(ErrorKind.ACCESS_DENIED,
          expected.wireName() + " needs a read signed by a registered client");
    }
    SignedReadRequest signed = SignedReadRequest.decode(wire);
    RegistryState state = registry.state();
    ClientRecord client = state.client(signed.claimedClientId()).orElseThrow(() -> new OrchestratorException(
        ErrorKind.ACCESS_DENIED, "client " + signed.claimedClientId() + " is not registered"));
    ReadRequest read;
    try {
      read = signed.verify(client.signingKey());
    } catch (InvalidSignatureException e) {
      throw new OrchestratorException(ErrorKind.ACCESS_DENIED,
          "read signature does not verify under client " + client.id() + "'s registered key");
    }
    if (!client.enabled()) {
      throw new OrchestratorException(ErrorKind.ACCESS_DENIED, "client " + client.id() + " is disabled");
    }
    if (read.operation() != expected) {
      throw new OrchestratorException(ErrorKind.ACCESS_DENIED,
          "read is signed for " + read.operation().wireName() + ", not " + expected.wireName());
    }
    GenesisHash network = state.governance().map(Governance::genesisHash).orElse(GenesisHash.NONE);
    if (!read.network().equals(network)) {
      throw new OrchestratorException(ErrorKind.ACCESS_DENIED, "read is signed for network " + read.network()
          + ", this is " + (network.isNone() ? "no network yet" : network));
    }
    long now = clock.getAsLong();
    if (Math.abs(now - read.issuedAtMillis()) > SKEW.toMillis()) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "read issued at " + read.issuedAtMillis()
          + " is outside the allowed clock skew of " + SKEW.toSeconds() + " s (orchestrator time " + now + ")");
    }
    remember(client.id() + "/" + HexFormat.of().formatHex(read.nonce()), read.issuedAtMillis() + SKEW.toMillis(), now);
    return read;
  }

  private synchronized void remember(String key, long expiresAt, long now) {
    for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
      if (it.next() >= now) {
        break;
      }
      it.remove();
    }
    if (seen.containsKey(key)) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "read nonce already used (replayed request)");
    }
    if (seen.size() >= MAX_REMEMBERED) {
      throw new OrchestratorException(ErrorKind.UNAVAILABLE, "too many recent reads; retry shortly");
    }
    seen.put(key, expiresAt);
  }
}
