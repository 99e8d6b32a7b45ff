package io.keyquorum.registry.command;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Objects;

/** A governance admin: may register clients and change policies and key states. */
public record AdminInfo(String id, Ed25519PublicKey signingKey) {
  public AdminInfo {
    Identifiers.requireId("admin id", id);
    Objects.requireNonNull(signingKey, "admin signing key");
  }

  public void writeTo(CanonicalWriter w) {
    w.string(id);
    Fields.key(w, signingKey);
  }

  static AdminInfo readFrom(CanonicalReader r) {
    return new AdminInfo(Fields.id(r, "admin id"), Fields.key(r, "admin signing key"));
  }
}
