package io.keyquorum.registry.command;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Objects;

/** Registers a new client (admins only). The client id must not exist yet. */
public record RegisterClient(CommandHeader header, ClientRecord client) implements Command {
  public RegisterClient {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(client, "client");
  }

  @Override
  public CommandType type() {
    return CommandType.REGISTER_CLIENT;
  }

  @Override
  public void writeTo(CanonicalWriter w) {
    header.writeTo(w);
    client.writeTo(w);
  }

  static RegisterClient readFrom(CanonicalReader r) {
    return new RegisterClient(CommandHeader.readFrom(r), ClientRecord.readFrom(r));
  }
}
