package io.keyquorum.attestor;

import io.keyquorum.attestor.audit.AuditLog;
import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.group.GroupElement;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.hpke.SealedBox;
import io.keyquorum.crypto.shamir.FeldmanCommitments;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.protocol.DealSealing;
import io.keyquorum.registry.CommandOutcome;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.KeyVersion;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.VersionStatus;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.KeyDeal;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.ShareReceipt;
import io.keyquorum.registry.command.SignedCommand;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes custody of this node's shares as {@code CreateKey} and {@code RotateKey} commit: opens
 * the HPKE-sealed share (DealSealing info and aad, this node's HPKE key), checks it against the
 * Feldman commitments, stores it sealed at rest, and only then submits a signed ack. A share that
 * does not open, has the wrong index or fails the Feldman check gets a signed complaint naming
 * the fault instead, and is never stored.
 *
 * <p>{@link #scan()} is idempotent and driven by registry state, not by events: on a restart it
 * acks shares that were stored but whose ack never committed, and it catches up on anything the
 * node missed. Shares of DESTROYED keys are erased, and only those: the state is the committed
 * registry's, whose state machine lets a PENDING_DELETION key become DESTROYED only once the
 * committed block time has passed its deletion date (never on a time a command claims).
 */
public final class ShareIntake {
  private static final Logger LOG = LoggerFactory.getLogger(ShareIntake.class);

  private final String nodeId;
  private final Ed25519PrivateKey signingKey;
  private final HpkePrivateKey hpkeKey;
  private final Supplier<RegistryState> registry;
  private final Function<SignedCommand, CompletableFuture<CommandOutcome>> submitter;
  private final ShareVault vault;
  private final AuditLog audit;
  private final Clock clock;
  /** (key, version) receipts submitted by this process and not yet seen applied. */
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<String> erased = ConcurrentHashMap.newKeySet();
  private long lastSequence;

  public ShareIntake(AttestorIdentity identity, Supplier<RegistryState> registry,
      Function<SignedCommand, CompletableFuture<CommandOutcome>> submitter, ShareVault vault, AuditLog audit,
      Clock clock) {
    this.nodeId = identity.nodeId();
    this.signingKey = identity.signingKey();
    this.hpkeKey = identity.hpkeKey();
    this.registry = registry;
    this.submitter = submitter;
    this.vault = vault;
    this.audit = audit;
    this.clock = clock;
  }

  /** Handles every version that waits for this node's receipt; returns how many receipts it sent. */
  public synchronized int scan() {
    RegistryState state = registry.get();
    if (state.governance().isEmpty() || state.governance().get().attestor(nodeId).isEmpty()) {
      return 0;
    }
    int sent = 0;
    for (KeyRecord key : state.keys().values()) {
      if (key.state() == KeyState.DESTROYED) {
        if (erased.add(key.keyId())) {
          int n = vault.eraseKey(key.keyId());
          if (n > 0) {
            audit.append("custody", key.keyId(), Map.of("action", "erase", "shares", n));
          }
        }
        continue;
      }
      for (KeyVersion version : key.versions().values()) {
        String slot = key.keyId() + "#" + version.version();
        int index = version.deal().shareIndexOf(nodeId);
        if (index == 0 || version.hasSpoken(nodeId) || version.status() != VersionStatus.PENDING) {
          inFlight.remove(slot);
          continue;
        }
        if (inFlight.contains(slot)) {
          continue;
        }
        ShareReceipt receipt = vault.has(key.keyId(), version.version())
            ? ShareReceipt.ack(header(state), key.keyId(), version.version())
            : take(state, key.keyId(), version, index);
        inFlight.add(slot);
        submit(receipt, slot);
        sent++;
      }
    }
    return sent;
  }

  private ShareReceipt take(RegistryState state, String keyId, KeyVersion version, int index) {
    KeyDeal deal = version.deal();
    String fault = null;
    Blob sealedBlob = deal.sealedShares().get(index - 1);
    byte[] aad = DealSealing.aad(keyId, version.version(), nodeId, index);
    try (SecretBytes plain = Hpke.open(hpkeKey, SealedBox.decode(sealedBlob.toByteArray()), DealSealing.INFO, aad);
        Share share = Share.decode(plain)) {
      if (share.index() != index) {
        fault = "share carries index " + share.index() + " but this attestor's slot is " + index;
      } else {
        List<GroupElement> points = new ArrayList<>();
        for (Blob c : deal.commitments()) {
          points.add(GroupElement.decode(c.toByteArray()));
        }
        if (!new FeldmanCommitments(points).verifyShare(share)) {
          fault = "share " + index + " fails Feldman verification against the commitments";
        } else {
          vault.put(keyId, version.version(), share);
        }
      }
    } catch (DecryptionFailedException e) {
      fault = "sealed share does not open with this attestor's HPKE key and the deal's aad";
    } catch (IllegalArgumentException e) {
      fault = "share or commitments are malformed: " + e.getMessage();
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("action", fault == null ? "ack" : "complain");
    detail.put("version", version.version());
    detail.put("shareIndex", index);
    if (fault != null) {
      detail.put("reason", fault);
      LOG.warn("complaining about share {} of {} v{}: {}", index, keyId, version.version(), fault);
    }
    audit.append("custody", keyId, detail);
    return fault == null ? ShareReceipt.ack(header(state), keyId, version.version())
        : ShareReceipt.complaint(header(state), keyId, version.version(), fault);
  }

  private CommandHeader header(RegistryState state) {
    // Sequences must rise per author across restarts: epoch milliseconds, bumped past the last
    // accepted one (and past anything this process already used).
    long accepted = state.sequences().getOrDefault("attestor:" + nodeId, 0L);
    lastSequence = Math.max(Math.max(lastSequence + 1, accepted + 1), clock.millis());
    return new CommandHeader(state.governance().get().networkId(), state.governance().get().genesisHash(), nodeId,
        lastSequence);
  }

  private void submit(ShareReceipt receipt, String slot) {
    submitter.apply(SignedCommand.sign(receipt, signingKey)).whenComplete((outcome, error) -> {
      if (error != null) {
        LOG.warn("share receipt for {} was not committed: {}", slot, error.getMessage());
        inFlight.remove(slot);
      } else if (!outcome.accepted()) {
        LOG.warn("share receipt for {} was rejected: {}", slot, outcome.rejection().get());
        inFlight.remove(slot);
      }
    });
  }
}
