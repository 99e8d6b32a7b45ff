package io.keyquorum.policy;

import java.util.Objects;

/** Everything a policy may look at for one decision: the three CEL variables. */
public record PolicyInput(RequestFacts request, ClientFacts client, AttestorFacts attestor) {
  public PolicyInput {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(attestor, "attestor");
  }
}
