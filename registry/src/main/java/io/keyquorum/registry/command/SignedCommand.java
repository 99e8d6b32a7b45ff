package io.keyquorum.registry.command;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.Objects;

/**
 * A command as it travels through the log: {@code u8 type ‖ author id ‖ envelope}.
 *
 * <p>Guarantee: the frame (type and author) is unsigned routing data used only to pick the
 * verification key; {@link #open} returns a {@link Command} only after the envelope's signature
 * verifies under that key and the command type's own domain tag, and the signed header repeats
 * the same author. Nothing in the body is parsed before that ("sign bytes, ship bytes").
 */
public final class SignedCommand {
  private static final int MAX_WIRE = SignedEnvelope.MAX_PAYLOAD + 1024;

  private final CommandType type;
  private final String authorId;
  private final SignedEnvelope envelope;

  private SignedCommand(CommandType type, String authorId, SignedEnvelope envelope) {
    this.type = type;
    this.authorId = Identifiers.requireId("author id", authorId);
    this.envelope = envelope;
  }

  /** Signs {@code command} as its header's author. */
  public static SignedCommand sign(Command command, Ed25519PrivateKey authorKey) {
    Objects.requireNonNull(command, "command");
    return new SignedCommand(command.type(), command.header().authorId(),
        SignedEnvelope.sign(command.type().domain(), command.encode(), authorKey));
  }

  /** Assembles a frame from parts (for tests and adapters that re-frame envelopes). */
  public static SignedCommand of(CommandType type, String authorId, SignedEnvelope envelope) {
    return new SignedCommand(Objects.requireNonNull(type, "type"), authorId, Objects.requireNonNull(envelope, "envelope"));
  }

  public CommandType type() {
    return type;
  }

  public String authorId() {
    return authorId;
  }

  public SignedEnvelope envelope() {
    return envelope;
  }

  public byte[] encode() {
    return new CanonicalWriter().u8(type.tag()).string(authorId).bytes(envelope.encode()).toByteArray();
  }

  /** Parses the frame only; throws {@link MalformedEncodingException} naming the field. */
  public static SignedCommand decode(byte[] wire) {
    if (wire == null || wire.length > MAX_WIRE) {
      throw new MalformedEncodingException("signed command: missing or over " + MAX_WIRE + " bytes");
    }
    CanonicalReader r = new CanonicalReader(wire);
    CommandType type = CommandType.fromTag(r.u8("command type"));
    String author = r.string("author id", Identifiers.MAX_ID_LENGTH);
    byte[] env = r.bytes("envelope", MAX_WIRE);
    r.finish();
    try {
      return new SignedCommand(type, author, SignedEnvelope.decode(env));
    } catch (MalformedEncodingException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new MalformedEncodingException("signed command: " + e.getMessage());
    }
  }

  /**
   * The network identity this command founds: the {@link GenesisHash} of its signed payload. Only
   * meaningful for a {@code GENESIS} command; the hash names the bytes whether or not they verify.
   */
  public GenesisHash genesisHash() {
    if (type != CommandType.GENESIS) {
      throw new IllegalStateException(type + " is not a genesis command");
    }
    return GenesisHash.ofPayload(envelope.payload());
  }

  /**
   * Opens a genesis command that a pinned hash vouches for (a client profile's), without knowing
   * the founding admin's key: the bytes must hash to {@code pinned}, then they are parsed.
   *
   * @throws InvalidSignatureException if this is not the pinned genesis
   * @throws MalformedEncodingException if the pinned bytes are not a valid genesis
   */
  public Genesis openPinnedGenesis(GenesisHash pinned) {
    if (type != CommandType.GENESIS) {
      throw new InvalidSignatureException("expected the genesis command, got " + type);
    }
    return (Genesis) parse(envelope.openPinned(type.domain(), pinned));
  }

  /**
   * Verifies, then parses.
   *
   * @throws InvalidSignatureException if the signature or domain tag does not verify under {@code authorKey}
   * @throws MalformedEncodingException if the verified body is not a valid command of this type,
   *     or its signed author differs from the frame's
   */
  public Command open(Ed25519PublicKey authorKey) {
    return parse(envelope.open(type.domain(), authorKey));
  }

  private Command parse(byte[] body) {
    Command command;
    try {
      CanonicalReader r = new CanonicalReader(body);
      command = switch (type) {
        case GENESIS -> Genesis.readFrom(r);
        case REGISTER_CLIENT -> RegisterClient.readFrom(r);
        case UPDATE_CLIENT -> UpdateClient.readFrom(r);
        case CREATE_KEY -> CreateKey.readFrom(r);
        case SHARE_RECEIPT -> ShareReceipt.readFrom(r);
        case UPDATE_POLICY -> UpdatePolicy.readFrom(r);
        case SET_KEY_STATE -> SetKeyState.readFrom(r);
        case ROTATE_KEY -> RotateKey.readFrom(r);
        case ANCHOR_AUDIT_HEAD -> AnchorAuditHead.readFrom(r);
      };
      r.finish();
    } catch (MalformedEncodingException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new MalformedEncodingException(type + ": " + e.getMessage());
    }
    if (!command.header().authorId().equals(authorId)) {
      throw new MalformedEncodingException("signed author \"" + command.header().authorId()
          + "\" differs from frame author \"" + authorId + "\"");
    }
    return command;
  }

  @Override
  public String toString() {
    return "SignedCommand[" + type + " by " + authorId + "]";
  }
}
