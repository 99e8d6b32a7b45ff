package io.keyquorum.policy;

import java.util.Map;
import java.util.Objects;

/** The CEL variable {@code attestor}: the node evaluating the policy, and its operator's labels. */
public record AttestorFacts(String id, Map<String, String> labels) {
  public AttestorFacts {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("attestor id must not be empty");
    }
    labels = Map.copyOf(labels);
  }
}
