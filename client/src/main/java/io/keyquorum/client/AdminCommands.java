package io.keyquorum.client;

import com.google.protobuf.ByteString;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.registry.command.ClientRecord;
import io.keyquorum.registry.command.Command;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.SetKeyState;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.command.UpdatePolicy;
import io.keyquorum.rpc.v1.AdminCommand;
import java.time.Duration;

/**
 * Admin operations. The admin signs each registry command itself (it is the author); the
 * orchestrator only checks and relays it. Sequence numbers are epoch milliseconds, kept strictly
 * increasing within this session, as the registry requires.
 */
public final class AdminCommands {
  private final KeyQuorumClient client;
  private final String adminId;
  private final Ed25519PrivateKey adminKey;
  private long lastSequence;

  AdminCommands(KeyQuorumClient client, String adminId, Ed25519PrivateKey adminKey) {
    this.client = client;
    this.adminId = adminId;
    this.adminKey = adminKey;
  }

  public long enableKey(String keyId) {
    return send(new SetKeyState(header(), keyId, KeyState.ENABLED, 0, client.clock().millis()),
        (s, c) -> s.enableKey(c).getRegistryHeight());
  }

  public long disableKey(String keyId) {
    return send(new SetKeyState(header(), keyId, KeyState.DISABLED, 0, client.clock().millis()),
        (s, c) -> s.disableKey(c).getRegistryHeight());
  }

  /** Schedules destruction {@code delay} from now (7 to 30 days). */
  public long scheduleKeyDeletion(String keyId, Duration delay) {
    long now = client.clock().millis();
    return send(new SetKeyState(header(), keyId, KeyState.PENDING_DELETION, now + delay.toMillis(), now),
        (s, c) -> s.scheduleKeyDeletion(c).getRegistryHeight());
  }

  /** Cancels a scheduled deletion, returning the key to the state it was in before. */
  public long cancelKeyDeletion(String keyId) {
    KeyInfo key = client.describeKey(keyId);
    if (key.stateBeforeDeletion().isEmpty()) {
      throw new KeyQuorumException(io.keyquorum.protocol.delivery.ErrorKind.BAD_REQUEST,
          "key " + keyId + " is " + key.state() + ", not pending deletion");
    }
    KeyState back = KeyState.valueOf(key.stateBeforeDeletion());
    return send(new SetKeyState(header(), keyId, back, 0, client.clock().millis()),
        (s, c) -> s.cancelKeyDeletion(c).getRegistryHeight());
  }

  public long putKeyPolicy(String keyId, long expectedVersion, String document) {
    return send(new UpdatePolicy(header(), keyId, expectedVersion, document), (s, c) -> s.putKeyPolicy(c).getRegistryHeight());
  }

  public long registerClient(ClientRecord record) {
    return send(new RegisterClient(header(), record), (s, c) -> s.registerClient(c).getRegistryHeight());
  }

  private synchronized CommandHeader header() {
    lastSequence = Math.max(lastSequence + 1, client.clock().millis());
    // Network name and genesis hash from the pinned genesis, not from what the orchestrator says.
    return new CommandHeader(client.trust().genesis().header().networkId(), client.genesisHash(), adminId,
        lastSequence);
  }

  private long send(Command command, java.util.function.BiFunction<io.keyquorum.rpc.v1.KeyQuorumGrpc.KeyQuorumBlockingStub,
      AdminCommand, Long> rpc) {
    AdminCommand c = AdminCommand.newBuilder()
        .setSignedCommand(ByteString.copyFrom(SignedCommand.sign(command, adminKey).encode())).build();
    return client.call(s -> rpc.apply(s, c));
  }
}
