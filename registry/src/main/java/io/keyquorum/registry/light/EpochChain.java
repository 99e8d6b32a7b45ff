package io.keyquorum.registry.light;

import io.keyquorum.consensus.SignatureVerifier;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.registry.command.Genesis;
import io.keyquorum.registry.command.SignedCommand;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A light client's view of membership: the epochs it has checked, from the pinned genesis on
 * (DESIGN §10 "trust roots").
 *
 * <p>Guarantee: every epoch in a chain is either the genesis whose payload hashes to the pinned
 * genesis hash, or an epoch that names the same network, the next number and the hash of the
 * epoch before it, whose exact bytes a block carries that a three-chain commit proof, signed by a
 * quorum of the previous epoch's members, shows committed. Whoever relays the proofs (an
 * orchestrator) can withhold them, but cannot make the chain accept an epoch the registry did not
 * commit. Withholding is caught by {@link #requireAtLeast}: a client follows the chain up to the
 * highest epoch its verified attestations name.
 *
 * <p>Committed is taken as accepted: the registry's reconfiguration command (a later issue) must
 * be validated before the vote (the state machine's guard), so that a block carrying an epoch
 * that does not extend the current one never gathers a quorum.
 */
public final class EpochChain {
  private final GenesisHash network;
  private final List<MembershipEpoch> epochs;

  private EpochChain(GenesisHash network, List<MembershipEpoch> epochs) {
    this.network = network;
    this.epochs = List.copyOf(epochs);
  }

  /**
   * Starts at the pinned genesis.
   *
   * @throws UnprovenMembershipException if {@code genesis} is not the genesis the hash pins
   */
  public static EpochChain fromGenesis(GenesisHash pinned, SignedCommand genesis) {
    Genesis g;
    try {
      g = genesis.openPinnedGenesis(pinned);
    } catch (InvalidSignatureException | MalformedEncodingException e) {
      throw new UnprovenMembershipException("genesis offered is not the pinned one (" + pinned + "): " + e.getMessage());
    }
    return new EpochChain(pinned, List.of(MembershipEpoch.genesis(g, pinned)));
  }

  /** Starts at the pinned genesis and extends through {@code proofs}, in order. */
  public static EpochChain verify(GenesisHash pinned, SignedCommand genesis, List<EpochProof> proofs) {
    EpochChain chain = fromGenesis(pinned, genesis);
    for (EpochProof p : proofs) {
      chain = chain.extend(p);
    }
    return chain;
  }

  /**
   * Returns this chain with one more epoch, or throws naming the first check that failed.
   *
   * @throws UnprovenMembershipException if the proof does not show the registry committed the
   *     next epoch of this chain
   */
  public EpochChain extend(EpochProof proof) {
    MembershipEpoch head = head();
    try {
      proof.commit().verify(head.replicas(), SignatureVerifier.ED25519);
    } catch (SecurityException | IllegalArgumentException | NullPointerException e) {
      throw new UnprovenMembershipException("epoch " + (head.number() + 1) + ": commit proof does not verify under epoch "
          + head.number() + "'s members: " + e.getMessage());
    }
    if (!proof.commit().committed().equals(proof.block().hash()) || proof.commit().height() != proof.block().height()) {
      throw new UnprovenMembershipException("epoch " + (head.number() + 1)
          + ": the commit proof is for another block than the one carrying the epoch");
    }
    byte[] bytes = proof.epoch();
    if (proof.block().commands().stream().noneMatch(c -> MessageDigest.isEqual(c, bytes))) {
      throw new UnprovenMembershipException("epoch " + (head.number() + 1) + ": the committed block does not carry it");
    }
    MembershipEpoch next;
    try {
      next = MembershipEpoch.decode(bytes);
    } catch (MalformedEncodingException e) {
      throw new UnprovenMembershipException("epoch " + (head.number() + 1) + ": " + e.getMessage());
    }
    if (!next.network().equals(network)) {
      throw new UnprovenMembershipException("epoch " + next.number() + " is for network " + next.network()
          + ", not the pinned " + network);
    }
    if (next.number() != head.number() + 1) {
      throw new UnprovenMembershipException("epoch " + next.number() + " does not follow epoch " + head.number());
    }
    if (!MessageDigest.isEqual(next.previous(), head.hash())) {
      throw new UnprovenMembershipException("epoch " + next.number() + " does not name the hash of epoch "
          + head.number() + " (a fork, or another chain)");
    }
    List<MembershipEpoch> longer = new ArrayList<>(epochs);
    longer.add(next);
    return new EpochChain(network, longer);
  }

  /**
   * Requires the chain to reach {@code epoch}: an attestation naming a later epoch than the proofs
   * reach means the relay withheld a membership change (perhaps the removal of an attestor).
   */
  public void requireAtLeast(long epoch) {
    if (epoch > head().number()) {
      throw new UnprovenMembershipException("attestations name membership epoch " + epoch
          + ", but the orchestrator proved epochs only up to " + head().number() + " (a membership change is hidden)");
    }
  }

  public GenesisHash network() {
    return network;
  }

  /** The latest proven epoch: whose members' signatures count now. */
  public MembershipEpoch head() {
    return epochs.get(epochs.size() - 1);
  }

  public List<MembershipEpoch> epochs() {
    return epochs;
  }
}
