package io.keyquorum.registry.command;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Objects;

/**
 * An attestor's statement about its share of (key id, version): an acknowledgement that the share
 * opened and verified against the Feldman commitments, or a complaint that it did not (with a
 * reason). The attestor is the command's author; it may speak once per version, only for
 * versions whose set includes it.
 */
public record ShareReceipt(CommandHeader header, String keyId, long version, boolean complaint, String reason)
    implements Command {
  public static final int MAX_REASON_BYTES = 1024;

  public ShareReceipt {
    Objects.requireNonNull(header, "header");
    Identifiers.requireId("key id", keyId);
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, got " + version);
    }
    Identifiers.requireText("complaint reason", reason, MAX_REASON_BYTES);
    if (complaint == reason.isEmpty()) {
      throw new IllegalArgumentException(complaint ? "a complaint must give a reason" : "an ack carries no reason");
    }
  }

  public static ShareReceipt ack(CommandHeader header, String keyId, long version) {
    return new ShareReceipt(header, keyId, version, false, "");
  }

  public static ShareReceipt complaint(CommandHeader header, String keyId, long version, String reason) {
    return new ShareReceipt(header, keyId, version, true, reason);
  }

  @Override
  public CommandType type() {
    return CommandType.SHARE_RECEIPT;
  }

  @Override
  public void writeTo(CanonicalWriter w) {
    header.writeTo(w);
    w.string(keyId).u64(version).bool(complaint).string(reason);
  }

  static ShareReceipt readFrom(CanonicalReader r) {
    return new ShareReceipt(CommandHeader.readFrom(r), Fields.id(r, "key id"), r.u64("version"),
        r.bool("complaint"), r.string("complaint reason", MAX_REASON_BYTES));
  }
}
