package io.keyquorum.registry.command;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Objects;

/**
 * Asks for a key state change (admins only), checked against the transition table.
 *
 * <p>{@code issuedAtMillis} is when the admin signed, and {@code deletionDateMillis} (only for
 * {@link KeyState#PENDING_DELETION}, else 0) the date the admin asks for. Both are the admin's
 * own claims, so neither decides when a key may be destroyed: the state machine records the later
 * of the asked date and the committed block time + 7 days, and accepts {@link KeyState#DESTROYED}
 * only once the committed block time has reached it. A post-dated or backdated command therefore
 * cannot shorten the delay.
 */
public record SetKeyState(CommandHeader header, String keyId, KeyState target, long deletionDateMillis,
    long issuedAtMillis) implements Command {
  public SetKeyState {
    Objects.requireNonNull(header, "header");
    Identifiers.requireId("key id", keyId);
    Objects.requireNonNull(target, "target state");
    if (target == KeyState.PENDING_ACKS || target == KeyState.FAILED) {
      throw new IllegalArgumentException(target + " is reached only through share receipts, never requested");
    }
    if ((target == KeyState.PENDING_DELETION) != (deletionDateMillis > 0)) {
      throw new IllegalArgumentException("a deletion date is required for, and only for, PENDING_DELETION");
    }
    if (issuedAtMillis <= 0) {
      throw new IllegalArgumentException("issued-at must be a positive epoch millisecond");
    }
  }

  @Override
  public CommandType type() {
    return CommandType.SET_KEY_STATE;
  }

  @Override
  public void writeTo(CanonicalWriter w) {
    header.writeTo(w);
    w.string(keyId).u8(target.code()).u64(deletionDateMillis).u64(issuedAtMillis);
  }

  static SetKeyState readFrom(CanonicalReader r) {
    return new SetKeyState(CommandHeader.readFrom(r), Fields.id(r, "key id"), KeyState.fromCode(r.u8("target state")),
        r.u64("deletion date"), r.u64("issued at"));
  }
}
