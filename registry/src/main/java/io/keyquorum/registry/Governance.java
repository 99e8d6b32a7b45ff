package io.keyquorum.registry;

import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.registry.command.AdminInfo;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.OrchestratorInfo;
import io.keyquorum.registry.command.SignedCommand;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The network's fixed membership from genesis, indexed for the author checks every command needs. */
public final class Governance {
  private final Genesis genesis;
  private final GenesisHash genesisHash;
  private final SignedCommand signedGenesis;
  private final SortedMap<String, AttestorInfo> attestors;
  private final SortedMap<String, AdminInfo> admins;

  Governance(Genesis genesis, SignedCommand signedGenesis) {
    this.genesis = genesis;
    this.signedGenesis = signedGenesis;
    this.genesisHash = signedGenesis.genesisHash();
    SortedMap<String, AttestorInfo> a = new TreeMap<>();
    genesis.attestors().forEach(x -> a.put(x.id(), x));
    SortedMap<String, AdminInfo> m = new TreeMap<>();
    genesis.admins().forEach(x -> m.put(x.id(), x));
    this.attestors = Collections.unmodifiableSortedMap(a);
    this.admins = Collections.unmodifiableSortedMap(m);
  }

  public Genesis genesis() {
    return genesis;
  }

  /** The network's identity: every later command, request and attestation must name it. */
  public GenesisHash genesisHash() {
    return genesisHash;
  }

  /**
   * The genesis command exactly as committed, for clients that check it against their pinned
   * genesis hash rather than trust whoever relays it.
   */
  public SignedCommand signedGenesis() {
    return signedGenesis;
  }

  public String networkId() {
    return genesis.header().networkId();
  }

  public int f() {
    return genesis.f();
  }

  public SortedMap<String, AttestorInfo> attestors() {
    return attestors;
  }

  public SortedMap<String, AdminInfo> admins() {
    return admins;
  }

  public OrchestratorInfo orchestrator() {
    return genesis.orchestrator();
  }

  public Optional<AttestorInfo> attestor(String id) {
    return Optional.ofNullable(attestors.get(id));
  }

  public Optional<AdminInfo> admin(String id) {
    return Optional.ofNullable(admins.get(id));
  }
}
