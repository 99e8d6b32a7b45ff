package io.keyquorum.registry.light;

import io.keyquorum.consensus.ReplicaSet;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.Identifiers;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One membership epoch: the attestors (in replica order) whose signatures count from this epoch
 * on, hash-linked to the epoch before it. Epoch 0 is the genesis itself, and its hash is the
 * network's {@link GenesisHash}; a later epoch names its network and the hash of the previous
 * epoch, and is proven by the commit of a block that carries its exact bytes ({@link EpochProof}).
 *
 * <p>Membership is fixed at genesis today; this is the format a reconfiguration command (a later
 * issue) commits, so that clients can follow membership without trusting whoever relays it.
 */
public record MembershipEpoch(long number, GenesisHash network, byte[] previous, List<Member> members) {
  /** Starts every encoded epoch, so its bytes are never mistaken for a signed registry command. */
  static final String MAGIC = "keyquorum/membership-epoch/v1";
  private static final int HASH_LENGTH = 32;
  /** As many as a genesis may name. */
  static final int MAX_MEMBERS = 64;

  /** An attestor as an epoch names it: its id and the key its attestations and votes verify under. */
  public record Member(String id, Ed25519PublicKey signingKey) {
    public Member {
      Identifiers.requireId("member id", id);
      Objects.requireNonNull(signingKey, "member signing key");
    }
  }

  public MembershipEpoch {
    if (number < 0) {
      throw new IllegalArgumentException("epoch number must not be negative");
    }
    if (network == null || network.isNone()) {
      throw new IllegalArgumentException("an epoch must name its network's genesis hash");
    }
    if (previous == null || previous.length != HASH_LENGTH) {
      throw new IllegalArgumentException("previous epoch hash must be " + HASH_LENGTH + " bytes");
    }
    previous = previous.clone();
    members = List.copyOf(members);
    if (members.isEmpty() || members.size() > MAX_MEMBERS) {
      throw new IllegalArgumentException("an epoch needs 1.." + MAX_MEMBERS + " members, got " + members.size());
    }
    var ids = new HashSet<String>();
    var keys = new HashSet<Ed25519PublicKey>();
    for (Member m : members) {
      if (!ids.add(m.id()) || !keys.add(m.signingKey())) {
        throw new IllegalArgumentException("epoch names member " + m.id() + " (or its key) twice");
      }
    }
  }

  /** Epoch 0: the genesis attestors, in genesis (= replica) order. */
  public static MembershipEpoch genesis(Genesis genesis, GenesisHash hash) {
    List<Member> members = genesis.attestors().stream().map(a -> new Member(a.id(), a.signingKey())).toList();
    return new MembershipEpoch(0, hash, new byte[HASH_LENGTH], members);
  }

  @Override
  public byte[] previous() {
    return previous.clone();
  }

  /** Epoch 0's hash is the genesis hash; a later epoch's is SHA-256 over its encoding. */
  public byte[] hash() {
    if (number == 0) {
      return network.bytes();
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(encode());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Member id → signing key, in replica order. */
  public Map<String, Ed25519PublicKey> keys() {
    Map<String, Ed25519PublicKey> keys = new LinkedHashMap<>();
    members.forEach(m -> keys.put(m.id(), m.signingKey()));
    return keys;
  }

  /** The replica set that votes while this epoch is current: its commit proofs prove the next epoch. */
  public ReplicaSet replicas() {
    return new ReplicaSet(members.stream().map(Member::signingKey).toList());
  }

  /** f = ⌊(n−1)/3⌋ of this epoch's membership. */
  public int faultTolerance() {
    return ReplicaSet.faultTolerance(members.size());
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter().string(MAGIC).u64(number).fixed(network.bytes(), GenesisHash.LENGTH)
        .fixed(previous, HASH_LENGTH).u32(members.size());
    members.forEach(m -> w.string(m.id()).fixed(m.signingKey().raw(), Ed25519PublicKey.LENGTH));
    return w.toByteArray();
  }

  /** Parses an epoch's bytes; call only on bytes a verified commit proof vouches for. */
  public static MembershipEpoch decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    try {
      if (!MAGIC.equals(r.string("epoch magic", 64))) {
        throw new MalformedEncodingException("epoch magic: not a membership epoch");
      }
      long number = r.u64("epoch number");
      GenesisHash network = GenesisHash.of(r.fixed("epoch network", GenesisHash.LENGTH));
      byte[] previous = r.fixed("previous epoch hash", HASH_LENGTH);
      int n = r.count("epoch members", MAX_MEMBERS);
      List<Member> members = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String id = r.string("member id", Identifiers.MAX_ID_LENGTH);
        members.add(new Member(id, Ed25519PublicKey.of(r.fixed("member key", Ed25519PublicKey.LENGTH))));
      }
      r.finish();
      return new MembershipEpoch(number, network, previous, members);
    } catch (MalformedEncodingException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new MalformedEncodingException("membership epoch: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MembershipEpoch e && java.util.Arrays.equals(encode(), e.encode());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "MembershipEpoch[" + number + ", " + members.stream().map(Member::id).toList() + "]";
  }
}
