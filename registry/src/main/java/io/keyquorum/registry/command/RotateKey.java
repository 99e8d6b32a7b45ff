package io.keyquorum.registry.command;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Objects;

/**
 * Adds version {@code version} (= latest + 1) to a key. Older versions stay readable for
 * decryption; the new one becomes current only once every attestor in its set has acked.
 * Authored by the orchestrator; authorized by the embedded client request.
 */
public record RotateKey(CommandHeader header, String keyId, long version, KeyDeal deal,
    ClientAuthorization authorization) implements Command {
  public RotateKey {
    Objects.requireNonNull(header, "header");
    Identifiers.requireId("key id", keyId);
    if (version < 2) {
      throw new IllegalArgumentException("a rotation creates version >= 2, got " + version);
    }
    Objects.requireNonNull(deal, "deal");
    Objects.requireNonNull(authorization, "authorization");
  }

  @Override
  public CommandType type() {
    return CommandType.ROTATE_KEY;
  }

  @Override
  public void writeTo(CanonicalWriter w) {
    header.writeTo(w);
    w.string(keyId).u64(version);
    deal.writeTo(w);
    authorization.writeTo(w);
  }

  static RotateKey readFrom(CanonicalReader r) {
    CommandHeader header = CommandHeader.readFrom(r);
    String keyId = Fields.id(r, "key id");
    long version = r.u64("version");
    KeyDeal deal = KeyDeal.readFrom(r);
    return new RotateKey(header, keyId, version, deal, ClientAuthorization.readFrom(r));
  }
}
