package io.keyquorum.orchestrator.flow;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.group.GroupElement;
import io.keyquorum.crypto.shamir.FeldmanCommitments;
import io.keyquorum.crypto.shamir.Threshold;
import io.keyquorum.protocol.QuorumRule;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.KeyVersion;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.KeyDeal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request's sharding configuration as the registry replica had it when the request arrived:
 * the key version, its attestors (in share-index order) with their signing keys, t, and the
 * height below which attestations are stale.
 */
public record ResolvedKey(KeyRecord key, KeyVersion version, Map<String, Ed25519PublicKey> attestorKeys,
    long registryHeight, io.keyquorum.crypto.GenesisHash network) {
  /** Decoded commitments by their encoding, shared by every request for a deal (see {@link #commitments}). */
  private static final Map<List<Blob>, FeldmanCommitments> DECODED = new ConcurrentHashMap<>();
  private static final int MAX_DECODED = 4096;

  public ResolvedKey {
    attestorKeys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attestorKeys));
  }

  public String keyId() {
    return key.keyId();
  }

  public long keyVersion() {
    return version.version();
  }

  public KeyDeal deal() {
    return version.deal();
  }

  public List<String> attestors() {
    return deal().attestors();
  }

  public int threshold() {
    return deal().threshold();
  }

  public Threshold shamirThreshold() {
    return new Threshold(deal().threshold(), deal().attestors().size());
  }

  /**
   * The deal's commitments, decoded once per deal and kept (with each share index's expected
   * image) for later requests: decoding t compressed points and evaluating Σ C_j·i^j for every
   * share was about a quarter of the orchestrator's P-256 samples (docs/benchmarks/profile.md).
   * Keyed by the commitment bytes themselves, so a cached entry can only ever be the same values.
   */
  public FeldmanCommitments commitments() {
    List<Blob> encoded = deal().commitments();
    FeldmanCommitments known = DECODED.get(encoded);
    if (known != null) {
      return known;
    }
    List<GroupElement> points = new ArrayList<>();
    for (Blob c : encoded) {
      points.add(GroupElement.decode(c.toByteArray()));
    }
    FeldmanCommitments decoded = FeldmanCommitments.remembering(points);
    if (DECODED.size() >= MAX_DECODED) {
      DECODED.clear(); // many key versions in use: start over rather than grow without bound
    }
    DECODED.put(List.copyOf(encoded), decoded);
    return decoded;
  }

  /**
   * The rule every approval must pass. Attestations judged before the key's last committed change
   * (state, policy or version) may predate a revocation, so they do not count.
   */
  public QuorumRule quorumRule() {
    return new QuorumRule(network, keyId(), keyVersion(), attestorKeys, threshold(), key.changedAtHeight());
  }
}
