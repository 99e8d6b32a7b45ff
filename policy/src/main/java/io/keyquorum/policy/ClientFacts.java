package io.keyquorum.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CEL variable {@code client}: who asks, as the registry knows them (never as the client
 * claims them: the attestor fills this from the verified client identity).
 */
public record ClientFacts(String id, List<String> roles, Map<String, String> attributes) {
  public ClientFacts {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("client id must not be empty");
    }
    roles = List.copyOf(roles);
    attributes = Map.copyOf(attributes);
  }
}
