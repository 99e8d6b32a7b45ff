package io.keyquorum.registry.command;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Objects;

/** Replaces an existing client's key, roles, attributes and enabled flag (admins only). */
public record UpdateClient(CommandHeader header, ClientRecord client) implements Command {
  public UpdateClient {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(client, "client");
  }

  @Override
  public CommandType type() {
    return CommandType.UPDATE_CLIENT;
  }

  @Override
  public void writeTo(CanonicalWriter w) {
    header.writeTo(w);
    client.writeTo(w);
  }

  static UpdateClient readFrom(CanonicalReader r) {
    return new UpdateClient(CommandHeader.readFrom(r), ClientRecord.readFrom(r));
  }
}
