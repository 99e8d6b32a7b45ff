package io.keyquorum.orchestrator.admin;

import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.orchestrator.RegistryView;
import io.keyquorum.orchestrator.flow.OrchestratorException;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.CommandOutcome;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.RejectionCode;
import io.keyquorum.registry.command.AdminInfo;
import io.keyquorum.registry.command.Command;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.SetKeyState;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.command.UpdatePolicy;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Relays admin-signed registry commands. The admin is the author and signs the command itself;
 * the orchestrator adds nothing and can change nothing. Before relaying it checks, so that errors
 * are precise and early: that the signature is a genesis admin's, that the command is the one the
 * operation names (a "disable" cannot carry an "enable"), that a {@code SetKeyState}'s signed
 * issued-at is within the clock-skew window (the registry has no clock; this is what stops a
 * post-dated destruction, see registry/README.md), and that a deletion is scheduled 7 to 30 days
 * out.
 */
public final class AdminRelay {
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);
  public static final Duration MIN_DELETION_DELAY = Duration.ofDays(7);
  public static final Duration MAX_DELETION_DELAY = Duration.ofDays(30);

  private final RegistryView registry;
  private final LongSupplier clock;
  private final Duration commitTimeout;

  public AdminRelay(RegistryView registry, LongSupplier clock, Duration commitTimeout) {
    this.registry = registry;
    this.clock = clock;
    this.commitTimeout = commitTimeout;
  }

  /** Checks and relays; returns the registry height the command was committed at. */
  public long relay(AdminOperation operation, byte[] signedCommandBytes) {
    SignedCommand signed;
    Command command;
    RegistryState state = registry.state();
    try {
      signed = SignedCommand.decode(signedCommandBytes);
      AdminInfo admin = state.governance().flatMap(g -> g.admin(signed.authorId())).orElseThrow(() ->
          new OrchestratorException(ErrorKind.ACCESS_DENIED, signed.authorId() + " is not an admin of this network"));
      command = signed.open(admin.signingKey());
    } catch (InvalidSignatureException e) {
      throw new OrchestratorException(ErrorKind.ACCESS_DENIED, "command signature does not verify under the admin's key");
    } catch (IllegalArgumentException e) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "malformed command: " + e.getMessage());
    }
    check(operation, command, state);
    CommandOutcome outcome;
    try {
      outcome = registry.submit(signed).get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OrchestratorException(ErrorKind.UNAVAILABLE, "interrupted while committing");
    } catch (ExecutionException | TimeoutException e) {
      throw new OrchestratorException(ErrorKind.UNAVAILABLE, "registry did not commit the command: " + e);
    }
    if (outcome.rejection().isPresent()) {
      var r = outcome.rejection().get();
      ErrorKind kind = r.code() == RejectionCode.UNKNOWN_KEY ? ErrorKind.NOT_FOUND : ErrorKind.REJECTED;
      throw new OrchestratorException(kind, "registry rejected the command: " + r);
    }
    return outcome.receipt().height();
  }

  private void check(AdminOperation operation, Command command, RegistryState state) {
    switch (operation) {
      case REGISTER_CLIENT -> require(command instanceof RegisterClient, operation, command);
      case PUT_KEY_POLICY -> {
        require(command instanceof UpdatePolicy, operation, command);
        key(state, ((UpdatePolicy) command).keyId());
      }
      default -> {
        require(command instanceof SetKeyState, operation, command);
        SetKeyState s = (SetKeyState) command;
        KeyRecord key = key(state, s.keyId());
        long skew = Math.abs(clock.getAsLong() - s.issuedAtMillis());
        if (skew > MAX_SKEW.toMillis()) {
          throw new OrchestratorException(ErrorKind.BAD_REQUEST, "command issued-at is " + skew / 1000
              + " s from this orchestrator's clock; the limit is " + MAX_SKEW.toSeconds() + " s");
        }
        boolean pendingDeletion = key.state() == KeyState.PENDING_DELETION;
        boolean fits = switch (operation) {
          case ENABLE_KEY -> s.target() == KeyState.ENABLED && !pendingDeletion;
          case DISABLE_KEY -> s.target() == KeyState.DISABLED && !pendingDeletion;
          case CANCEL_KEY_DELETION -> pendingDeletion && key.stateBeforeDeletion().orElseThrow() == s.target();
          case SCHEDULE_KEY_DELETION -> s.target() == KeyState.PENDING_DELETION;
          default -> false;
        };
        if (!fits) {
          throw new OrchestratorException(ErrorKind.BAD_REQUEST, operation + " cannot carry a change of "
              + s.keyId() + " from " + key.state() + " to " + s.target());
        }
        if (operation == AdminOperation.SCHEDULE_KEY_DELETION) {
          long delay = s.deletionDateMillis() - s.issuedAtMillis();
          if (delay < MIN_DELETION_DELAY.toMillis() || delay > MAX_DELETION_DELAY.toMillis()) {
            throw new OrchestratorException(ErrorKind.BAD_REQUEST, "deletion must be scheduled 7 to 30 days out, not "
                + Duration.ofMillis(delay).toHours() / 24.0 + " days");
          }
        }
      }
    }
  }

  private static KeyRecord key(RegistryState state, String keyId) {
    return state.key(keyId).orElseThrow(() -> new OrchestratorException(ErrorKind.NOT_FOUND, "key " + keyId + " not found"));
  }

  private static void require(boolean ok, AdminOperation operation, Command command) {
    if (!ok) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST,
          operation + " takes a different command, not " + command.type());
    }
  }
}
