package io.keyquorum.orchestrator.flow;

import java.util.List;

/**
 * What {@code delivery=client} forwards: the signed releases (shares sealed to the client), the
 * key version's Feldman commitments and wrapped material. None of it opens under any key the
 * orchestrator holds.
 */
public record ClientShares(List<VerifiedRelease> releases, byte[] commitments, byte[] wrappedMaterial, int threshold,
    int shareCount) {
  public ClientShares {
    releases = List.copyOf(releases);
    commitments = commitments.clone();
    wrappedMaterial = wrappedMaterial.clone();
  }

  @Override
  public byte[] commitments() {
    return commitments.clone();
  }

  @Override
  public byte[] wrappedMaterial() {
    return wrappedMaterial.clone();
  }
}
