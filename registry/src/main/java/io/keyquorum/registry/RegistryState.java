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
 * every result and {@link #digest()}) is the same on every replica.
 *
 * @param genesisAuthority the founding admin key every replica is configured with out of band;
 *     it is the only key that can author {@code Genesis}
 * @param height the log height of the last block applied
 * @param sequences the last accepted sequence number per author ({@code role:id})
 */
public record RegistryState(Ed25519PublicKey genesisAuthority, Optional<Governance> governance,
    SortedMap<String, ClientRecord> clients, SortedMap<String, KeyRecord> keys, SortedMap<String, String> aliases,
    SortedMap<String, PolicyRecord> policies, SortedMap<String, Long> sequences, long height) {
  public RegistryState {
    Objects.requireNonNull(genesisAuthority, "genesis authority");
    Objects.requireNonNull(governance, "governance");
    clients = frozen(clients);
    keys = frozen(keys);
    aliases = frozen(aliases);
    policies = frozen(policies);
    sequences = frozen(sequences);
    if (height < 0) {
      throw new IllegalArgumentException("height must be >= 0");
    }
  }

  /** The state before genesis: empty, trusting only {@code genesisAuthority} to found the network. */
  public static RegistryState empty(Ed25519PublicKey genesisAuthority) {
    return new RegistryState(genesisAuthority, Optional.empty(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
        new TreeMap<>(), new TreeMap<>(), 0);
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
    return new RegistryState(genesisAuthority, governance, clients, keys, aliases, policies, sequences, newHeight);
  }

  RegistryState withGenesis(Genesis genesis) {
    return new RegistryState(genesisAuthority, Optional.of(new Governance(genesis)), clients, keys, aliases, policies,
        sequences, height);
  }

  RegistryState withClient(ClientRecord client) {
    return new RegistryState(genesisAuthority, governance, put(clients, client.id(), client), keys, aliases, policies,
        sequences, height);
  }

  RegistryState withKey(KeyRecord key) {
    return new RegistryState(genesisAuthority, governance, clients, put(keys, key.keyId(), key),
        put(aliases, key.alias(), key.keyId()), policies, sequences, height);
  }

  RegistryState withPolicy(PolicyRecord policy) {
    return new RegistryState(genesisAuthority, governance, clients, keys, aliases,
        put(policies, policy.keyId(), policy), sequences, height);
  }

  RegistryState withSequence(String author, long sequence) {
    return new RegistryState(genesisAuthority, governance, clients, keys, aliases, policies,
        put(sequences, author, sequence), height);
  }

  private static <V> SortedMap<String, V> put(SortedMap<String, V> map, String key, V value) {
    SortedMap<String, V> next = new TreeMap<>(map);
    next.put(key, value);
    return next;
  }

  private static <V> SortedMap<String, V> frozen(SortedMap<String, V> map) {
    Objects.requireNonNull(map, "map");
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
