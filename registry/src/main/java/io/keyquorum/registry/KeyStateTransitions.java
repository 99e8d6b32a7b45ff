package io.keyquorum.registry;

import static io.keyquorum.registry.command.KeyState.DESTROYED;
import static io.keyquorum.registry.command.KeyState.DISABLED;
import static io.keyquorum.registry.command.KeyState.ENABLED;
import static io.keyquorum.registry.command.KeyState.FAILED;
import static io.keyquorum.registry.command.KeyState.PENDING_ACKS;
import static io.keyquorum.registry.command.KeyState.PENDING_DELETION;

import io.keyquorum.registry.command.KeyState;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The explicit table of key state transitions an admin may request with {@code SetKeyState};
 * everything absent is refused.
 *
 * <pre>
 * from              | to (by SetKeyState)                 | guard
 * ------------------+-------------------------------------+------------------------------------------
 * PENDING_ACKS      | DESTROYED                           | (abandon a deal that never completed)
 * ENABLED           | DISABLED, PENDING_DELETION          | date = max(asked, block time + 7 days)
 * DISABLED          | ENABLED, PENDING_DELETION           | date = max(asked, block time + 7 days)
 * PENDING_DELETION  | ENABLED or DISABLED (cancel)        | only back to the state it came from
 * PENDING_DELETION  | DESTROYED                           | committed block time ≥ deletion date
 * FAILED            | DESTROYED                           |
 * DESTROYED         | (none: terminal)                    |
 * </pre>
 *
 * Two transitions are never requested but caused by share receipts: PENDING_ACKS → ENABLED when
 * every attestor of version 1 has acked, and PENDING_ACKS → FAILED on a complaint.
 */
public final class KeyStateTransitions {
  /** Like AWS KMS's minimum waiting period: time to notice and cancel a malicious deletion. */
  public static final long MIN_DELETION_DELAY_MILLIS = 7L * 24 * 60 * 60 * 1000;

  /** Requested transitions, before guards. */
  public static final Map<KeyState, Set<KeyState>> REQUESTED;

  static {
    Map<KeyState, Set<KeyState>> t = new EnumMap<>(KeyState.class);
    t.put(PENDING_ACKS, EnumSet.of(DESTROYED));
    t.put(ENABLED, EnumSet.of(DISABLED, PENDING_DELETION));
    t.put(DISABLED, EnumSet.of(ENABLED, PENDING_DELETION));
    t.put(PENDING_DELETION, EnumSet.of(ENABLED, DISABLED, DESTROYED));
    t.put(FAILED, EnumSet.of(DESTROYED));
    t.put(DESTROYED, EnumSet.noneOf(KeyState.class));
    t.replaceAll((k, v) -> Collections.unmodifiableSet(v));
    REQUESTED = Collections.unmodifiableMap(t);
  }

  private KeyStateTransitions() {}

  public static boolean isListed(KeyState from, KeyState to) {
    return REQUESTED.get(from).contains(to);
  }
}
