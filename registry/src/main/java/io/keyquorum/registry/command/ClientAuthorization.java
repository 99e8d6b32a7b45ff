package io.keyquorum.registry.command;

import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.Objects;

/**
 * The requesting client's id and its signed {@link DealRequest}, carried verbatim ("sign bytes,
 * ship bytes"); the state machine verifies it against the client's registered key.
 */
public record ClientAuthorization(String clientId, SignedEnvelope request) {
  public static final int MAX_REQUEST_BYTES = 16 * 1024;

  public ClientAuthorization {
    Identifiers.requireId("authorizing client id", clientId);
    Objects.requireNonNull(request, "client request");
    if (request.encode().length > MAX_REQUEST_BYTES) {
      throw new IllegalArgumentException("client request exceeds " + MAX_REQUEST_BYTES + " bytes");
    }
  }

  void writeTo(CanonicalWriter w) {
    w.string(clientId).bytes(request.encode());
  }

  static ClientAuthorization readFrom(CanonicalReader r) {
    String client = Fields.id(r, "authorizing client id");
    byte[] wire = r.bytes("client request", MAX_REQUEST_BYTES);
    SignedEnvelope envelope;
    try {
      envelope = SignedEnvelope.decode(wire);
    } catch (MalformedEncodingException e) {
      throw new MalformedEncodingException("client request: " + e.getMessage());
    }
    return new ClientAuthorization(client, envelope);
  }
}
