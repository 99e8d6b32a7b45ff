package io.keyquorum.attestor;

import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.AttestorInfo;

/** Whether the registry replica knows this node yet; nothing can be judged before genesis. */
final class Readiness {
  private Readiness() {}

  static AttestorInfo self(RegistryState state, String nodeId) throws RefusedException {
    if (state.governance().isEmpty()) {
      throw new RefusedException(Refusal.NOT_READY, "registry replica has no genesis yet (height " + state.height() + ")");
    }
    return state.governance().get().attestor(nodeId).orElseThrow(() -> new RefusedException(Refusal.NOT_READY,
        "attestor " + nodeId + " is not a member of network " + state.governance().get().networkId()));
  }
}
