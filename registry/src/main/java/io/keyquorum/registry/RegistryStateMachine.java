package io.keyquorum.registry;

import static io.keyquorum.registry.RejectedCommandException.require;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.registry.command.AdminInfo;
import io.keyquorum.registry.command.AnchorAuditHead;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.registry.command.Command;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.CreateKey;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.RegisterClient;
import io.keyquorum.registry.command.RotateKey;
import io.keyquorum.registry.command.SetKeyState;
import io.keyquorum.registry.command.ShareReceipt;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.command.UpdateClient;
import io.keyquorum.registry.command.UpdatePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry's pure state machine: {@code apply(state, command) -> result}.
 *
 * <p>Guarantee: the result depends only on the state and the command bytes (no clock, randomness,
 * I/O or hash-order iteration), so every honest replica that applies the same committed log
 * reaches the same state and the same rejections. Authorization is part of apply: a Byzantine
 * leader can order commands but cannot make a replica accept one whose author lacks the right.
 *
 * <p>Governance rules, checked before the body is parsed: {@code Genesis} only before any
 * genesis, signed by the configured genesis authority (who must be one of its admins);
 * client, policy and key-state changes by an admin; {@code CreateKey}/{@code RotateKey} by the
 * genesis orchestrator, carrying a request signed by an enabled client with role {@code admin}
 * or {@code key-creator}; a {@code ShareReceipt} or {@code AnchorAuditHead} by the attestor it
 * speaks for. Every command must name this network (by its genesis hash, which no other network
 * shares) and a sequence number above its author's last accepted one.
 *
 * <p>Time enters only as the committed block's time (the leader's clock, bounded by every voter's
 * before it voted, strictly increasing along the log): deletion dates are computed from it and
 * destruction is allowed only once it has passed them. A time a command carries is never trusted.
 */
public final class RegistryStateMachine {
  private final KeyLifecycle keys = new KeyLifecycle();

  /** Applies a command exactly as committed; undecodable bytes are a deterministic rejection. */
  public ApplyResult apply(RegistryState state, long blockTimeMillis, byte[] committed) {
    SignedCommand signed;
    try {
      signed = SignedCommand.decode(committed);
    } catch (MalformedEncodingException e) {
      return ApplyResult.rejected(state, new Rejection(RejectionCode.MALFORMED, e.getMessage()));
    }
    return apply(state, blockTimeMillis, signed);
  }

  /** As committed in a block without a time (0): nothing ever becomes due for destruction. */
  public ApplyResult apply(RegistryState state, byte[] committed) {
    return apply(state, 0, committed);
  }

  public ApplyResult apply(RegistryState state, SignedCommand signed) {
    return apply(state, 0, signed);
  }

  /**
   * Applies every command of one committed block at {@code height} (its log height) and {@code
   * timeMillis}, in order: what a replica does with each block it is given, and what the
   * validator dry-runs against the state at a proposal's parent.
   */
  public AppliedBlock applyBlock(RegistryState state, long height, long timeMillis, List<byte[]> commands) {
    RegistryState next = state.withHeight(height);
    List<Optional<Rejection>> outcomes = new ArrayList<>(commands.size());
    for (byte[] command : commands) {
      ApplyResult result = apply(next, timeMillis, command);
      next = result.state();
      outcomes.add(result.rejection());
    }
    return new AppliedBlock(next, outcomes);
  }

  public ApplyResult apply(RegistryState state, long blockTimeMillis, SignedCommand signed) {
    try {
      Ed25519PublicKey authorKey = authorKey(state, signed);
      Command command;
      try {
        command = signed.open(authorKey);
      } catch (InvalidSignatureException e) {
        throw new RejectedCommandException(RejectionCode.BAD_SIGNATURE, signed.type() + " by " + signed.authorId() + ": " + e.getMessage());
      } catch (MalformedEncodingException e) {
        throw new RejectedCommandException(RejectionCode.MALFORMED, e.getMessage());
      }
      String author = signed.type().author().name().toLowerCase(java.util.Locale.ROOT) + ":" + signed.authorId();
      checkHeader(state, command.header(), author);
      RegistryState next = command instanceof Genesis g ? genesis(state, g, signed)
          : command instanceof AnchorAuditHead a ? AuditAnchoring.apply(state, a, signed)
          : dispatch(state, command, blockTimeMillis);
      return ApplyResult.accepted(next.withSequence(author, command.header().sequence()));
    } catch (RejectedCommandException e) {
      return ApplyResult.rejected(state, e.toRejection());
    }
  }

  /** Picks the only key allowed to have signed this command type, from the frame alone. */
  private static Ed25519PublicKey authorKey(RegistryState state, SignedCommand signed) {
    String id = signed.authorId();
    if (signed.type().author() == io.keyquorum.registry.command.AuthorRole.GENESIS_AUTHORITY) {
      require(state.governance().isEmpty(), RejectionCode.GENESIS_ALREADY_DONE, "the network already has a genesis");
      return state.genesisAuthority();
    }
    require(state.governance().isPresent(), RejectionCode.GENESIS_REQUIRED, signed.type() + " before genesis");
    Governance g = state.governance().get();
    return switch (signed.type().author()) {
      case ADMIN -> g.admin(id).map(AdminInfo::signingKey).orElseThrow(() ->
          new RejectedCommandException(RejectionCode.UNAUTHORIZED, signed.type() + " needs an admin; \"" + id + "\" is not one"));
      case ORCHESTRATOR -> {
        require(g.orchestrator().id().equals(id), RejectionCode.UNAUTHORIZED,
            signed.type() + " is dealt only by orchestrator \"" + g.orchestrator().id() + "\", not \"" + id + "\"");
        yield g.orchestrator().signingKey();
      }
      case ATTESTOR -> g.attestor(id).map(AttestorInfo::signingKey).orElseThrow(() ->
          new RejectedCommandException(RejectionCode.UNAUTHORIZED, signed.type() + " needs an attestor; \"" + id + "\" is not one"));
      case GENESIS_AUTHORITY -> throw new IllegalStateException("handled above");
    };
  }

  private static void checkHeader(RegistryState state, CommandHeader header, String author) {
    state.governance().ifPresent(g -> require(header.genesis().equals(g.genesisHash()), RejectionCode.WRONG_NETWORK,
        "command is bound to genesis " + header.genesis() + "; this network's genesis is " + g.genesisHash()));
    String network = state.governance().map(Governance::networkId).orElse(header.networkId());
    require(header.networkId().equals(network), RejectionCode.WRONG_NETWORK,
        "command is for network \"" + header.networkId() + "\", this is \"" + network + "\"");
    long last = state.sequences().getOrDefault(author, 0L);
    require(header.sequence() > last, RejectionCode.REPLAYED_SEQUENCE,
        author + " sequence " + header.sequence() + " is not above its last accepted " + last);
  }

  private RegistryState dispatch(RegistryState state, Command command, long blockTimeMillis) {
    if (command instanceof RegisterClient c) {
      require(state.client(c.client().id()).isEmpty(), RejectionCode.CLIENT_EXISTS,
          "client \"" + c.client().id() + "\" is already registered");
      return state.withClient(c.client());
    } else if (command instanceof UpdateClient c) {
      require(state.client(c.client().id()).isPresent(), RejectionCode.UNKNOWN_CLIENT,
          "client \"" + c.client().id() + "\" is not registered");
      return state.withClient(c.client());
    } else if (command instanceof CreateKey c) {
      return keys.create(state, c);
    } else if (command instanceof RotateKey c) {
      return keys.rotate(state, c);
    } else if (command instanceof ShareReceipt c) {
      return keys.receipt(state, c);
    } else if (command instanceof UpdatePolicy c) {
      return keys.updatePolicy(state, c);
    } else if (command instanceof SetKeyState c) {
      return keys.setState(state, c, blockTimeMillis);
    }
    throw new IllegalStateException("unhandled command type " + command.type());
  }

  private static RegistryState genesis(RegistryState state, Genesis g, SignedCommand signed) {
    boolean authorIsFounder = g.admins().stream().anyMatch(a ->
        a.id().equals(g.header().authorId()) && a.signingKey().equals(state.genesisAuthority()));
    require(authorIsFounder, RejectionCode.UNAUTHORIZED,
        "genesis must be authored by an admin it lists whose key is the configured genesis authority");
    return state.withGenesis(g, signed);
  }
}
