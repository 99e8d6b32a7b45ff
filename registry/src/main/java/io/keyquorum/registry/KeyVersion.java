package io.keyquorum.registry;

import io.keyquorum.registry.command.KeyDeal;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One dealt version of a key and what its attestors said about their shares. Invariant: it is
 * {@link VersionStatus#ACTIVE} exactly when every attestor in the deal has acked, and {@link
 * VersionStatus#FAILED} exactly when one has complained.
 */
public record KeyVersion(long version, KeyDeal deal, SortedSet<String> acks, SortedMap<String, String> complaints,
    long dealtAtHeight) {
  public KeyVersion {
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1");
    }
    Objects.requireNonNull(deal, "deal");
    acks = Collections.unmodifiableSortedSet(new TreeSet<>(acks));
    complaints = Collections.unmodifiableSortedMap(new TreeMap<>(complaints));
    if (!deal.attestors().containsAll(acks) || !deal.attestors().containsAll(complaints.keySet())) {
      throw new IllegalArgumentException("receipts from outside the version's attestor set");
    }
  }

  static KeyVersion dealt(long version, KeyDeal deal, long height) {
    return new KeyVersion(version, deal, new TreeSet<>(), new TreeMap<>(), height);
  }

  public VersionStatus status() {
    if (!complaints.isEmpty()) {
      return VersionStatus.FAILED;
    }
    return acks.size() == deal.attestors().size() ? VersionStatus.ACTIVE : VersionStatus.PENDING;
  }

  public boolean hasSpoken(String attestorId) {
    return acks.contains(attestorId) || complaints.containsKey(attestorId);
  }

  KeyVersion withAck(String attestorId) {
    SortedSet<String> next = new TreeSet<>(acks);
    next.add(attestorId);
    return new KeyVersion(version, deal, next, complaints, dealtAtHeight);
  }

  KeyVersion withComplaint(String attestorId, String reason) {
    SortedMap<String, String> next = new TreeMap<>(complaints);
    next.put(attestorId, reason);
    return new KeyVersion(version, deal, acks, next, dealtAtHeight);
  }
}
