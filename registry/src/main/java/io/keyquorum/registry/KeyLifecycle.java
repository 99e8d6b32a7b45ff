package io.keyquorum.registry;

import static io.keyquorum.registry.RejectedCommandException.require;

import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.ClientAuthorization;
import io.keyquorum.registry.command.ClientRecord;
import io.keyquorum.registry.command.CreateKey;
import io.keyquorum.registry.command.DealRequest;
import io.keyquorum.registry.command.KeyDeal;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.RotateKey;
import io.keyquorum.registry.command.SetKeyState;
import io.keyquorum.registry.command.ShareReceipt;
import io.keyquorum.registry.command.UpdatePolicy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeMap;

/** The key commands' rules: dealing, share receipts, policy versions and the state table. */
final class KeyLifecycle {
  private static final byte[] NO_POLICY = new byte[32];

  RegistryState create(RegistryState s, CreateKey c) {
    requireKeyName("key id", c.keyId());
    requireKeyName("alias", c.alias());
    // Key ids and aliases are one namespace: a name resolves to one key, whichever kind it is.
    require(!s.keys().containsKey(c.keyId()) && !s.aliases().containsKey(c.keyId()), RejectionCode.DUPLICATE_KEY_ID,
        "key id \"" + c.keyId() + "\" already names a key (as a key id or an alias)");
    require(!s.aliases().containsKey(c.alias()) && !s.keys().containsKey(c.alias()), RejectionCode.DUPLICATE_ALIAS,
        "alias \"" + c.alias() + "\" already names a key (as a key id or an alias)");
    requireDealBounds(s, c.deal());
    byte[] policyDigest = Blob.copyOf(c.policyDocument().getBytes(StandardCharsets.UTF_8)).sha256();
    DealRequest request = authorize(s, c.authorization());
    require(request.kind() == DealRequest.Kind.CREATE && request.keyRef().equals(c.alias())
            && Arrays.equals(request.policySha256(), policyDigest) && matches(request, c.deal()),
        RejectionCode.CLIENT_REQUEST_MISMATCH,
        "the client's request does not authorize this key (alias, attestors, threshold and policy must match)");
    long h = s.height();
    TreeMap<Long, KeyVersion> versions = new TreeMap<>();
    versions.put(1L, KeyVersion.dealt(1, c.deal(), h));
    KeyRecord key = new KeyRecord(c.keyId(), c.alias(), request.clientId(), versions, KeyState.PENDING_ACKS,
        Optional.empty(), 0, h);
    return s.withKey(key).withPolicy(new PolicyRecord(c.keyId(), 1, c.policyDocument(), h));
  }

  RegistryState rotate(RegistryState s, RotateKey c) {
    KeyRecord key = existing(s, c.keyId());
    require(key.state() == KeyState.ENABLED || key.state() == KeyState.DISABLED, RejectionCode.ILLEGAL_TRANSITION,
        "key \"" + c.keyId() + "\" is " + key.state() + "; only ENABLED or DISABLED keys rotate");
    require(!key.hasPendingVersion(), RejectionCode.ROTATION_PENDING,
        "key \"" + c.keyId() + "\" already has a version waiting for acks");
    require(c.version() == key.latestVersion() + 1, RejectionCode.VERSION_CONFLICT,
        "rotation must create version " + (key.latestVersion() + 1) + ", not " + c.version());
    requireDealBounds(s, c.deal());
    DealRequest request = authorize(s, c.authorization());
    requireCreatorOrAdmin(s, key, request.clientId());
    require(request.kind() == DealRequest.Kind.ROTATE && request.keyRef().equals(c.keyId())
            && request.baseVersion() == key.latestVersion() && Arrays.equals(request.policySha256(), NO_POLICY)
            && matches(request, c.deal()),
        RejectionCode.CLIENT_REQUEST_MISMATCH,
        "the client's request does not authorize this rotation (key, base version, attestors and threshold must match)");
    return s.withKey(key.withVersion(KeyVersion.dealt(c.version(), c.deal(), s.height()), s.height()));
  }

  RegistryState receipt(RegistryState s, ShareReceipt c) {
    KeyRecord key = existing(s, c.keyId());
    require(key.state() != KeyState.DESTROYED, RejectionCode.KEY_DESTROYED, "key \"" + c.keyId() + "\" is destroyed");
    KeyVersion version = key.versions().get(c.version());
    require(version != null, RejectionCode.UNKNOWN_VERSION, "key \"" + c.keyId() + "\" has no version " + c.version());
    String attestor = c.header().authorId();
    require(version.deal().attestors().contains(attestor), RejectionCode.NOT_A_MEMBER,
        "attestor \"" + attestor + "\" holds no share of " + c.keyId() + " v" + c.version());
    require(!version.hasSpoken(attestor), RejectionCode.DUPLICATE_RECEIPT,
        "attestor \"" + attestor + "\" already answered for " + c.keyId() + " v" + c.version());
    require(version.status() == VersionStatus.PENDING, RejectionCode.VERSION_NOT_PENDING,
        c.keyId() + " v" + c.version() + " is " + version.status());
    KeyVersion next = c.complaint() ? version.withComplaint(attestor, c.reason()) : version.withAck(attestor);
    KeyRecord updated = key.withVersion(next, s.height());
    if (key.state() == KeyState.PENDING_ACKS) {
      // Only version 1 can be pending while the key is; its outcome decides the key's fate.
      if (next.status() == VersionStatus.ACTIVE) {
        updated = updated.withState(KeyState.ENABLED, Optional.empty(), 0, s.height());
      } else if (next.status() == VersionStatus.FAILED) {
        updated = updated.withState(KeyState.FAILED, Optional.empty(), 0, s.height());
      }
    }
    return s.withKey(updated);
  }

  RegistryState updatePolicy(RegistryState s, UpdatePolicy c) {
    KeyRecord key = existing(s, c.keyId());
    require(key.state() != KeyState.DESTROYED, RejectionCode.KEY_DESTROYED, "key \"" + c.keyId() + "\" is destroyed");
    PolicyRecord current = s.policy(c.keyId()).orElseThrow(() -> new IllegalStateException("key without policy"));
    require(current.version() == c.expectedVersion(), RejectionCode.VERSION_CONFLICT,
        "policy of \"" + c.keyId() + "\" is at version " + current.version() + ", not " + c.expectedVersion());
    return s.withPolicy(new PolicyRecord(c.keyId(), current.version() + 1, c.document(), s.height()))
        .withKey(key.withState(key.state(), key.stateBeforeDeletion(), key.deletionDateMillis(), s.height()));
  }

  /**
   * The deletion date is the later of the admin's and the committed block time + 7 days, and
   * destruction needs the committed block time to have reached it; the command's own issued-at
   * is signed by the admin and so never decides when a key may be destroyed.
   */
  RegistryState setState(RegistryState s, SetKeyState c, long blockTimeMillis) {
    KeyRecord key = existing(s, c.keyId());
    KeyState from = key.state();
    KeyState to = c.target();
    require(KeyStateTransitions.isListed(from, to), RejectionCode.ILLEGAL_TRANSITION,
        "key \"" + c.keyId() + "\" cannot go from " + from + " to " + to);
    long h = s.height();
    if (to == KeyState.PENDING_DELETION) {
      require(c.deletionDateMillis() - c.issuedAtMillis() >= KeyStateTransitions.MIN_DELETION_DELAY_MILLIS,
          RejectionCode.DELETION_TOO_SOON, "deletion date must be at least 7 days after the command's issued-at");
      long date = Math.max(c.deletionDateMillis(), blockTimeMillis + KeyStateTransitions.MIN_DELETION_DELAY_MILLIS);
      return s.withKey(key.withState(to, Optional.of(from), date, h));
    }
    if (from == KeyState.PENDING_DELETION && to != KeyState.DESTROYED) {
      require(key.stateBeforeDeletion().orElseThrow() == to, RejectionCode.ILLEGAL_TRANSITION,
          "cancelling deletion returns \"" + c.keyId() + "\" to " + key.stateBeforeDeletion().orElseThrow() + ", not " + to);
    }
    if (from == KeyState.PENDING_DELETION && to == KeyState.DESTROYED) {
      require(blockTimeMillis >= key.deletionDateMillis(), RejectionCode.DELETION_NOT_DUE,
          "key \"" + c.keyId() + "\" may be destroyed from " + key.deletionDateMillis() + "; the committed time is "
              + blockTimeMillis);
    }
    return s.withKey(key.withState(to, Optional.empty(), 0, h));
  }

  private static KeyRecord existing(RegistryState s, String keyId) {
    return s.key(keyId).orElseThrow(() -> new RejectedCommandException(RejectionCode.UNKNOWN_KEY, "no key \"" + keyId + "\""));
  }

  /**
   * Every version's holders are current members (KeyDeal already refuses repeats) and f+1 ≤ t ≤ n: with t ≤ f the f
   * attestors the network is built to tolerate could take the key between them.
   */
  private static void requireDealBounds(RegistryState s, KeyDeal deal) {
    Governance g = s.governance().orElseThrow();
    for (String id : deal.attestors()) {
      require(g.attestor(id).isPresent(), RejectionCode.UNKNOWN_ATTESTOR, "\"" + id + "\" is not a genesis attestor");
    }
    int t = deal.threshold();
    int n = deal.attestors().size();
    require(t >= g.f() + 1 && t <= n, RejectionCode.THRESHOLD_OUT_OF_BOUNDS,
        "threshold " + t + " is outside f+1.." + n + " (f = " + g.f() + "): fewer than f+1 shares would let the f "
            + "faulty attestors the network tolerates take the key");
  }

  /** Key ids and aliases appear inside ARNs ({@code arn:…:key/<id>}), where '/' and ':' are separators. */
  private static void requireKeyName(String what, String name) {
    require(name.indexOf('/') < 0 && name.indexOf(':') < 0, RejectionCode.INVALID_KEY_NAME,
        what + " \"" + name + "\" contains '/' or ':'");
  }

  /**
   * Only the client that created a key, or a client holding role {@code admin} (which only a
   * genesis admin can grant, through RegisterClient/UpdateClient), may rotate it. Rotation changes
   * who holds the key, so a mere key-creator must not rotate other clients' keys.
   */
  private static void requireCreatorOrAdmin(RegistryState s, KeyRecord key, String clientId) {
    boolean admin = s.client(clientId).map(c -> c.enabled() && c.roles().contains(ClientRecord.ROLE_ADMIN)).orElse(false);
    require(key.createdBy().equals(clientId) || admin, RejectionCode.CLIENT_NOT_AUTHORIZED,
        "client \"" + clientId + "\" did not create key \"" + key.keyId() + "\" (created by \"" + key.createdBy()
            + "\") and is not an admin");
  }

  private static boolean matches(DealRequest request, KeyDeal deal) {
    return request.attestors().equals(deal.attestors()) && request.threshold() == deal.threshold();
  }

  /** Verifies the embedded client request under the client's registered key, then its rights. */
  private static DealRequest authorize(RegistryState s, ClientAuthorization auth) {
    ClientRecord client = s.client(auth.clientId()).orElseThrow(() ->
        new RejectedCommandException(RejectionCode.UNKNOWN_CLIENT, "client \"" + auth.clientId() + "\" is not registered"));
    DealRequest request;
    try {
      request = DealRequest.parse(auth.request().open(DealRequest.DOMAIN, client.signingKey()));
    } catch (InvalidSignatureException | IllegalArgumentException e) {
      throw new RejectedCommandException(RejectionCode.CLIENT_REQUEST_INVALID,
          "client request from \"" + auth.clientId() + "\": " + e.getMessage());
    }
    Governance g = s.governance().orElseThrow();
    require(request.network().equals(g.genesisHash()), RejectionCode.WRONG_NETWORK,
        "client request is bound to genesis " + request.network() + "; this network's genesis is " + g.genesisHash());
    require(request.clientId().equals(auth.clientId()), RejectionCode.CLIENT_REQUEST_INVALID,
        "client request is signed for \"" + request.clientId() + "\", carried as \"" + auth.clientId() + "\"");
    require(client.mayDealKeys(), RejectionCode.CLIENT_NOT_AUTHORIZED,
        "client \"" + client.id() + "\" is disabled or lacks role admin/key-creator");
    return request;
  }
}
