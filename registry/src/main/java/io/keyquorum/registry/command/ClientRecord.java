package io.keyquorum.registry.command;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A registered client: the key its requests are signed with, and the roles and attributes
 * policies see as {@code client.roles} / {@code client.attributes}. A disabled client's
 * requests are refused everywhere, including as the authorization inside {@code CreateKey}.
 */
public record ClientRecord(
    String id, Ed25519PublicKey signingKey, List<String> roles, Map<String, String> attributes, boolean enabled) {
  public static final int MAX_ROLES = 32;
  public static final int MAX_ATTRIBUTES = 64;
  public static final int MAX_VALUE_BYTES = 256;
  /** Role that lets a client ask the orchestrator to create or rotate keys. */
  public static final String ROLE_KEY_CREATOR = "key-creator";
  /** Role that includes every client right, key creation among them. */
  public static final String ROLE_ADMIN = "admin";

  public ClientRecord {
    Identifiers.requireId("client id", id);
    Objects.requireNonNull(signingKey, "client signing key");
    roles = Fields.distinctIds("client roles", roles, MAX_ROLES);
    Objects.requireNonNull(attributes, "client attributes");
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw new IllegalArgumentException("client attributes: " + attributes.size() + " entries, limit " + MAX_ATTRIBUTES);
    }
    attributes.forEach((k, v) -> {
      Identifiers.requireText("client attribute key", k, MAX_VALUE_BYTES);
      Identifiers.requireText("client attribute value", v, MAX_VALUE_BYTES);
    });
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  public boolean mayDealKeys() {
    return enabled && (roles.contains(ROLE_ADMIN) || roles.contains(ROLE_KEY_CREATOR));
  }

  public void writeTo(CanonicalWriter w) {
    w.string(id);
    Fields.key(w, signingKey);
    w.strings(roles).stringMap(attributes).bool(enabled);
  }

  static ClientRecord readFrom(CanonicalReader r) {
    String id = Fields.id(r, "client id");
    Ed25519PublicKey key = Fields.key(r, "client signing key");
    List<String> roles = r.strings("client roles", MAX_ROLES, Identifiers.MAX_ID_LENGTH);
    Map<String, String> attributes = r.stringMap("client attributes", MAX_ATTRIBUTES, MAX_VALUE_BYTES);
    return new ClientRecord(id, key, roles, attributes, r.bool("client enabled"));
  }
}
