package io.keyquorum.registry;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.registry.command.ClientRecord;
import io.keyquorum.registry.command.Genesis;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of the registry. Every map is sorted, so iteration order (and therefore
 * every result and {@link #digest()}) is the same on every replica. Compare snapshots with
 * {@link #digest()}.
 *
 * <p>Each change copies only the one map it touches (the others are shared, being unmodifiable
 * and never handed out mutable), so applying a command costs one O(n) map copy, not a copy of
 * the whole state.
 */
public final class RegistryState {
  private final Ed25519PublicKey genesisAuthority;
  private final Optional<Governance> governance;
  private final SortedMap<String, ClientRecord> clients;
  private final SortedMap<String, KeyRecord> keys;
  private final SortedMap<String, String> aliases;
  private final SortedMap<String, PolicyRecord> policies;
  private final SortedMap<String, Long> sequences;
  private final SortedMap<String, AuditAnchor> auditAnchors;
  private final long height;

  /** Trusts its maps: every caller passes a fresh, unshared TreeMap wrapped unmodifiable. */
  private RegistryState(Ed25519PublicKey genesisAuthority, Optional<Governance> governance,
      SortedMap<String, ClientRecord> clients, SortedMap<String, KeyRecord> keys, SortedMap<String, String> aliases,
      SortedMap<String, PolicyRecord> policies, SortedMap<String, Long> sequences,
      SortedMap<String, AuditAnchor> auditAnchors, long height) {
    if (height < 0) {
      throw new IllegalArgumentException("height must be >= 0");
    }
    this.genesisAuthority = Objects.requireNonNull(genesisAuthority, "genesis authority");
    this.governance = governance;
    this.clients = clients;
    this.keys = keys;
    this.aliases = aliases;
    this.policies = policies;
    this.sequences = sequences;
    this.auditAnchors = auditAnchors;
    this.height = height;
  }

  /** The state before genesis: empty, trusting only {@code genesisAuthority} to found the network. */
  public static RegistryState empty(Ed25519PublicKey genesisAuthority) {
    return new RegistryState(genesisAuthority, Optional.empty(), emptyMap(), emptyMap(), emptyMap(), emptyMap(),
        emptyMap(), emptyMap(), 0);
  }

  /** The founding admin key every replica is configured with; the only key that can author Genesis. */
  public Ed25519PublicKey genesisAuthority() {
    return genesisAuthority;
  }

  /** Membership from genesis; empty before it. */
  public Optional<Governance> governance() {
    return governance;
  }

  public SortedMap<String, ClientRecord> clients() {
    return clients;
  }

  public SortedMap<String, KeyRecord> keys() {
    return keys;
  }

  /** Alias → key id. */
  public SortedMap<String, String> aliases() {
    return aliases;
  }

  /** Key id → its current policy. */
  public SortedMap<String, PolicyRecord> policies() {
    return policies;
  }

  /** The last accepted sequence number per author ({@code role:id}). */
  public SortedMap<String, Long> sequences() {
    return sequences;
  }

  /** Attestor id → the latest audit head it anchored. */
  public SortedMap<String, AuditAnchor> auditAnchors() {
    return auditAnchors;
  }

  public Optional<AuditAnchor> auditAnchor(String attestorId) {
    return Optional.ofNullable(auditAnchors.get(attestorId));
  }

  /** The log height of the last block applied. */
  public long height() {
    return height;
  }

  public Optional<KeyRecord> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  public Optional<KeyRecord> keyByAlias(String alias) {
    return Optional.ofNullable(aliases.get(alias)).map(keys::get);
  }

  public Optional<ClientRecord> client(String clientId) {
    return Optional.ofNullable(clients.get(clientId));
  }

  public Optional<PolicyRecord> policy(String keyId) {
    return Optional.ofNullable(policies.get(keyId));
  }

  /** SHA-256 over the canonical encoding of the whole state; equal on replicas that agree. */
  public byte[] digest() {
    return StateDigest.of(this);
  }

  public RegistryState withHeight(long newHeight) {
    return new RegistryState(genesisAuthority, governance, clients, keys, aliases, policies, sequences, auditAnchors,
        newHeight);
  }

  RegistryState withGenesis(Genesis genesis, io.keyquorum.registry.command.SignedCommand signed) {
    return new RegistryState(genesisAuthority, Optional.of(new Governance(genesis, signed)), clients, keys, aliases,
        policies, sequences, auditAnchors, height);
  }

  RegistryState withClient(ClientRecord client) {
    return new RegistryState(genesisAuthority, governance, put(clients, client.id(), client), keys, aliases, policies,
        sequences, auditAnchors, height);
  }

  RegistryState withKey(KeyRecord key) {
    SortedMap<String, String> nextAliases = key.alias().equals(aliases.get(key.alias()))
        ? aliases : put(aliases, key.alias(), key.keyId());
    return new RegistryState(genesisAuthority, governance, clients, put(keys, key.keyId(), key), nextAliases,
        policies, sequences, auditAnchors, height);
  }

  RegistryState withPolicy(PolicyRecord policy) {
    return new RegistryState(genesisAuthority, governance, clients, keys, aliases,
        put(policies, policy.keyId(), policy), sequences, auditAnchors, height);
  }

  RegistryState withSequence(String author, long sequence) {
    return new RegistryState(genesisAuthority, governance, clients, keys, aliases, policies,
        put(sequences, author, sequence), auditAnchors, height);
  }

  RegistryState withAuditAnchor(AuditAnchor anchor) {
    return new RegistryState(genesisAuthority, governance, clients, keys, aliases, policies, sequences,
        put(auditAnchors, anchor.attestorId(), anchor), height);
  }

  private static <V> SortedMap<String, V> put(SortedMap<String, V> map, String key, V value) {
    TreeMap<String, V> next = new TreeMap<>(map);
    next.put(key, Objects.requireNonNull(value, "value"));
    return Collections.unmodifiableSortedMap(next);
  }

  private static <V> SortedMap<String, V> emptyMap() {
    return Collections.unmodifiableSortedMap(new TreeMap<>());
  }

  @Override
  public String toString() {
    return "RegistryState[height " + height + ", " + clients.size() + " clients, " + keys.size() + " keys]";
  }
}
